using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MovieNight.Web.Watchlist;

/// <summary>A member's watchlist as a CSV or JSON file: movies only, nothing about the Trakt link.</summary>
public static class WatchlistExport
{
    public static string FileName(string memberName, DateTimeOffset now, string extension)
    {
        var safe = new string(memberName.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');
        return $"watchlist-{(safe.Length > 0 ? safe : "member")}-{now:yyyy-MM-dd}.{extension}";
    }

    public static byte[] Csv(IEnumerable<WatchlistEntry> entries)
    {
        var csv = new StringBuilder("tmdb_id,title,year,listed_at,tmdb_rating\r\n");
        foreach (var e in entries)
            csv.Append(CultureInfo.InvariantCulture, $"{e.TmdbId},{Cell(e.Title)},{e.Year},{e.ListedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)},{e.Rating?.ToString("0.0", CultureInfo.InvariantCulture)}\r\n");
        return Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
    }

    /// <summary>Quoted when needed; a cell a spreadsheet would run as a formula gets a leading apostrophe.</summary>
    private static string Cell(string text)
    {
        if (text.Length > 0 && "=+-@\t\r".Contains(text[0])) text = "'" + text;
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }

    public static byte[] Json(string memberName, WatchlistSource source, DateTimeOffset now, IEnumerable<WatchlistEntry> entries) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            member = memberName,
            source = source == WatchlistSource.Trakt ? "trakt" : "local",
            exportedAt = now.UtcDateTime,
            movies = entries.Select(e => new { tmdbId = e.TmdbId, title = e.Title, year = e.Year, listedAt = e.ListedAt?.UtcDateTime, tmdbRating = e.Rating }),
        }, new JsonSerializerOptions { WriteIndented = true });
}
