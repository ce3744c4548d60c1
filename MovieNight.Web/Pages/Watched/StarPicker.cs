using MovieNight.Web.Movies;

namespace MovieNight.Web.Pages.Watched;

/// <summary>
/// The tap-to-rate radio group (_StarPicker): ten half-stars named "rating" (values 1 to 10) and
/// "no rating" (empty). <paramref name="Id"/> keeps the radios' ids unique on a page with many.
/// </summary>
public sealed record StarPicker(string Id, StarRating? Current, string Legend, string? LegendHidden = null);
