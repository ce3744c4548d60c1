using System.Globalization;
using System.Text;

namespace MovieNight.Web.Movies;

/// <summary>
/// What stands in for a missing poster: the title set large (or its initials on a small poster) on
/// a colour picked from the title, so each movie keeps its own look on every page and every visit.
/// The colours are a fixed palette in site.css (.title-art-0 to -11, all passing contrast with the
/// light text), chosen by a stable hash: string.GetHashCode changes from one process to the next.
/// </summary>
public sealed record TitleArt(string Title, string Initials, int Shade)
{
    public const int Shades = 12;

    private static readonly HashSet<string> Articles = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "der", "die", "das", "le", "la", "les", "el", "il", "az", "egy",
    };

    /// <summary>The shade, and a smaller type for a long title or a long word, so words fit the poster whole.</summary>
    public string CssClass => $"title-art-{Shade}{Length switch { TitleLength.Long => " title-art-long", TitleLength.Medium => " title-art-medium", _ => "" }}";

    private enum TitleLength { Short, Medium, Long }

    private TitleLength Length
    {
        get
        {
            var longestWord = Title.Split(' ', StringSplitOptions.RemoveEmptyEntries).Max(w => w.Length);
            return Title.Length > 28 || longestWord > 10 ? TitleLength.Long
                : Title.Length > 12 || longestWord > 7 ? TitleLength.Medium
                : TitleLength.Short;
        }
    }

    public static TitleArt For(string? title)
    {
        var text = string.IsNullOrWhiteSpace(title) ? "?" : title.Trim();
        return new TitleArt(text, InitialsOf(text), (int)(Fnv1a(text.ToUpperInvariant()) % Shades));
    }

    /// <summary>"Finding Nemo" → "FN", "The Matrix" → "M", "1917" → "1917", "WALL·E" → "WE".</summary>
    public static string InitialsOf(string title)
    {
        var words = title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(w => w.Split(['·', '-', ':', '.', ',', '!', '?', '&', '/', '(', ')', '\'', '"'], StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Any(char.IsLetterOrDigit)).ToList();
        if (words.Count == 0) return title.Length > 0 ? FirstTextElement(title) : "?";
        if (words.Count > 1 && Articles.Contains(words[0])) words.RemoveAt(0);
        // A number is a title of its own ("1917", "300"), never the first of two initials.
        if (char.IsDigit(words[0][0])) return new string(words[0].TakeWhile(char.IsLetterOrDigit).Take(4).ToArray());
        return string.Concat(words.Take(2).Select(w => FirstTextElement(new string(w.SkipWhile(c => !char.IsLetterOrDigit(c)).ToArray())).ToUpper(CultureInfo.InvariantCulture)));
    }

    private static string FirstTextElement(string text) => text.Length == 0 ? "" : StringInfo.GetNextTextElement(text);

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 16777619u;
        return hash;
    }
}
