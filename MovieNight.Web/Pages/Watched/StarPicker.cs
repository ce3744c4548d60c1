using MovieNight.Web.Movies;

namespace MovieNight.Web.Pages.Watched;

/// <summary>
/// The tap-to-rate radio group (_StarPicker): ten half-stars (values 1 to 10) and "no rating" (empty),
/// all named <paramref name="Name"/>. <paramref name="Id"/> keeps the radios' ids unique on a page with many.
/// </summary>
public sealed record StarPicker(string Id, StarRating? Current, string Legend, string? LegendHidden = null, string Name = "rating");
