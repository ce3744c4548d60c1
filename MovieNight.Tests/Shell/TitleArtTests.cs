using System.Globalization;
using System.Text.RegularExpressions;
using MovieNight.Web.Movies;

namespace MovieNight.Tests.Shell;

/// <summary>The poster a movie without one gets: its own colour every time, its initials, and readable text.</summary>
public sealed class TitleArtTests
{
    [Fact]
    public void A_title_gets_the_same_colour_every_time_whatever_its_spacing_or_case()
    {
        var shades = Enumerable.Range(0, 5).Select(_ => TitleArt.For("Finding Nemo").Shade).Distinct();
        Assert.Single(shades);
        Assert.Equal(TitleArt.For("Finding Nemo").Shade, TitleArt.For("  finding nemo ").Shade);
    }

    [Fact]
    public void Titles_spread_over_the_palette()
    {
        var titles = new[] { "Coco", "Inception", "Finding Nemo", "Spirited Away", "The Matrix", "Up", "Heat", "Alien", "Amélie", "Arrival", "Her", "Jaws" };
        Assert.True(titles.Select(t => TitleArt.For(t).Shade).Distinct().Count() >= 6);
        Assert.All(titles, t => Assert.InRange(TitleArt.For(t).Shade, 0, TitleArt.Shades - 1));
    }

    [Theory]
    [InlineData("Finding Nemo", "FN")]
    [InlineData("The Matrix", "M")]
    [InlineData("Coco", "C")]
    [InlineData("1917", "1917")]
    [InlineData("WALL·E", "WE")]
    [InlineData("amélie", "A")]
    [InlineData("Az ember tragédiája", "ET")]
    [InlineData("(500) Days of Summer", "500")]
    [InlineData("", "?")]
    public void Small_posters_show_the_initials(string title, string initials) =>
        Assert.Equal(initials, TitleArt.For(title).Initials);

    [Fact]
    public void Long_titles_and_long_words_are_set_smaller_so_words_stay_whole()
    {
        Assert.DoesNotContain("title-art-long", TitleArt.For("Coco").CssClass);
        Assert.Contains("title-art-medium", TitleArt.For("Spirited Away").CssClass);
        Assert.Contains("title-art-long", TitleArt.For("Szerelmem, Mindenem: Egy Nagyon Hosszú Magyar Filmcím").CssClass);
        Assert.Contains("title-art-long", TitleArt.For("Szentgyörgyiné").CssClass);
    }

    /// <summary>Every shade in site.css, at both ends of its gradient, keeps the art's text at 4.5:1 or better.</summary>
    [Fact]
    public void Every_shade_in_the_stylesheet_keeps_the_title_readable()
    {
        var css = File.ReadAllText(Path.Combine(RepositoryRoot(), "MovieNight.Web", "wwwroot", "css", "site.css"));
        var text = Regex.Match(css, @"\.title-art \{[^}]*?[^-]color: (#[0-9a-f]{6})").Groups[1].Value;
        var shades = Regex.Matches(css, @"\.title-art-(\d+) \{ background: (#[0-9a-f]{6}) linear-gradient\(160deg, (#[0-9a-f]{6}), (#[0-9a-f]{6})\); \}");
        Assert.Equal(TitleArt.Shades, shades.Count);
        foreach (Match shade in shades)
            foreach (var colour in new[] { shade.Groups[2].Value, shade.Groups[3].Value, shade.Groups[4].Value })
                Assert.True(Contrast(text, colour) >= 4.5, $".title-art-{shade.Groups[1].Value}: {text} on {colour} is {Contrast(text, colour):0.0}:1");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MovieNight.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository (MovieNight.sln) is not above the test's folder.");
    }

    private static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex)
    {
        double Channel(int at)
        {
            var c = int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(1) + 0.7152 * Channel(3) + 0.0722 * Channel(5);
    }
}
