using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Movies;

/// <summary>One of the latest week's winners, with the member's own watch of it if they have one.</summary>
public sealed record LatestWinner(long NominationId, WeekId Week, int Place, string Title, string? PosterPath, Watch? MyWatch);

/// <summary>
/// The household's most recent winners (1st and 2nd place) of this week or last week, for the
/// home's "rate last week's movie": older results are no longer something to do now.
/// </summary>
public sealed class LatestWinners(Db db, WatchLog watches)
{
    public async Task<IReadOnlyList<LatestWinner>> ForMemberAsync(long memberId, WeekId current)
    {
        await using var connection = db.OpenConnection();
        var latest = await connection.QueryFirstOrDefaultAsync<(string Week, long? First, long? Second)?>("""
            SELECT week, first_place_id, second_place_id FROM week_history
            WHERE first_place_id IS NOT NULL AND week >= @from AND week <= @current
            ORDER BY week DESC LIMIT 1
            """, new { from = current.Previous.ToString(), current = current.ToString() });
        if (latest is not { } result || !WeekId.TryParse(result.Week, out var week)) return [];
        var places = new[] { result.First, result.Second }.OfType<long>().ToList();
        var movies = (await connection.QueryAsync<(long Id, string Title, string? PosterPath)>(
            "SELECT id, title, poster_path FROM nominations WHERE id IN @places", new { places })).ToDictionary(m => m.Id);
        var watched = await watches.OfNominationsAsync(places);
        return places.Select((id, index) => (Id: id, Place: index + 1)).Where(p => movies.ContainsKey(p.Id))
            .Select(p => new LatestWinner(p.Id, week, p.Place, movies[p.Id].Title, movies[p.Id].PosterPath,
                watched[p.Id].FirstOrDefault(w => w.MemberId == memberId))).ToList();
    }
}
