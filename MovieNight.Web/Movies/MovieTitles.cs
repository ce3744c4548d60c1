using System.Globalization;
using System.Text;

namespace MovieNight.Web.Movies;

/// <summary>Titles compared as people read them: "amelie" is "Amélie", "the  MATRIX" is "The Matrix".</summary>
public static class MovieTitles
{
    /// <summary>Lower case, accents removed (as TMDB's search ignores them), inner whitespace collapsed.</summary>
    public static string Fold(string? title)
    {
        if (string.IsNullOrWhiteSpace(title)) return "";
        var decomposed = title.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsWhiteSpace(c))
            {
                space = folded.Length > 0;
                continue;
            }
            if (space) folded.Append(' ');
            space = false;
            folded.Append(char.ToLowerInvariant(c));
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>One movie known by title alone: its folded title and its year ("amelie|2001"), for "is it the same movie?".</summary>
    public static string Key(string? title, string? year) => Fold(title) + "|" + (year?.Trim() ?? "");
}
