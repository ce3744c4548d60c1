using System.Net;
using AngleSharp.Html.Parser;
using Dapper;
using MovieNight.Migrations;
using MovieNight.Tests.Infrastructure;
using MovieNight.Web.Data;

namespace MovieNight.Tests.Watchlist;

/// <summary>A signed-in member's visits to /Watchlist: real pages, real antiforgery tokens, as a browser or htmx sends them.</summary>
public sealed class WatchlistVisit(HttpClient client)
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Client => client;

    public Task<Forms.Page> PageAsync(string query = "") => client.GetPageAsync($"/Watchlist{query}");

    /// <summary>POSTs to a handler with the page's token: in the form (a plain post) or in the header htmx sends.</summary>
    public async Task<HttpResponseMessage> PostAsync(string handler, IEnumerable<KeyValuePair<string, string>> fields, bool htmx = false)
    {
        var page = await PageAsync();
        var token = page.Document.QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;
        var all = fields.ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/Watchlist?handler={handler}");
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
            request.Headers.Add("HX-Current-URL", "http://localhost/Watchlist");
            request.Headers.Add("RequestVerificationToken", token);
        }
        else all.Add(new("__RequestVerificationToken", token));
        request.Content = new FormUrlEncodedContent(all);
        return await client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string handler, bool htmx = false, params (string Key, string Value)[] fields) =>
        PostAsync(handler, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), htmx);

    public static async Task<AngleSharp.Html.Dom.IHtmlDocument> FragmentAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Titles of the list in page order.</summary>
    public async Task<IReadOnlyList<string>> TitlesAsync(string query = "")
    {
        var page = await PageAsync(query);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page.Document.QuerySelectorAll(".watchlist-item .movie-title").Select(t => t.ChildNodes[0].TextContent.Trim()).ToList();
    }

    public static async Task<IReadOnlyList<(long TmdbId, string? ListedAt)>> RowsAsync(Db db, string table, long memberId)
    {
        await using var connection = db.OpenConnection();
        return (await connection.QueryAsync<(long, string?)>($"SELECT tmdb_id, listed_at FROM {table} WHERE user_id = @memberId ORDER BY tmdb_id", new { memberId })).ToList();
    }

    /// <summary>A movie in the TMDB cache, fetched at the app's now (<paramref name="clock"/>), so it counts as fresh.</summary>
    public static async Task CacheMovieAsync(Db db, TimeProvider clock, long tmdbId, string title, int year, double rating)
    {
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("""
            INSERT INTO movies (tmdb_id, title, year, rating, fetched_at) VALUES (@tmdbId, @title, @year, @rating, @at)
            """, new { tmdbId, title, year, rating, at = SqliteTime.ToText(clock.GetUtcNow()) });
    }
}
