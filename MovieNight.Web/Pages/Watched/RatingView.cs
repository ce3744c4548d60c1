using MovieNight.Web.Movies;

namespace MovieNight.Web.Pages.Watched;

/// <summary>
/// One watch's rating as the _Rating partial shows it. <paramref name="Mine"/>: the signed-in member's
/// own watch, so it can be rated; <paramref name="ReturnUrl"/>: where a rating posted without htmx goes back to.
/// </summary>
public sealed record RatingView(Watch Watch, string Title, bool Mine, string ReturnUrl, string? Message = null, bool IsError = false);
