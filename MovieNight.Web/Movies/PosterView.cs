namespace MovieNight.Web.Movies;

/// <summary>A movie's poster as the _Poster partial draws it: TMDB's image over generated title art.</summary>
public sealed record PosterView(string Title, string? Url, bool Small = false)
{
    public TitleArt Art => TitleArt.For(Title);
}
