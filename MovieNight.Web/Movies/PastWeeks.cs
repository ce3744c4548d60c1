using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Movies;

/// <summary>A nomination of a past week, with its place (1, 2, or 0 for none), voters and watches.</summary>
public sealed record PastNomination
{
    public long Id { get; init; }
    public string Week { get; init; } = "";
    public long? TmdbId { get; init; }
    public string Title { get; init; } = "";
    public string? Year { get; init; }
    public string? PosterPath { get; init; }
    public double? Rating { get; init; }
    public string? Overview { get; init; }
    public long ProposedBy { get; init; }
    public int Place { get; init; }
    public IReadOnlyList<long> VoterIds { get; init; } = [];
    public IReadOnlyList<Watch> Watches { get; init; } = [];
}

/// <summary>A past week: its nominations, placed ones first, and whether it has a recorded result.</summary>
public sealed record PastWeek(WeekId Week, bool HasResult, IReadOnlyList<PastNomination> Nominations);

/// <summary>Some past weeks, newest first, and the next older week to show after them (null at the oldest).</summary>
public sealed record PastWeeksPage(IReadOnlyList<PastWeek> Weeks, WeekId? Older);

/// <summary>
/// The household's past weeks for the history page, a page at a time: a few queries per page
/// however many years of weeks there are. Imported weeks are the same rows as weeks played here,
/// so they read (and look) the same.
/// </summary>
public sealed class PastWeeks(Db db, WatchLog watches)
{
    /// <summary>
    /// Weeks that have nominations or a result, before <paramref name="current"/> (a week still being
    /// played belongs to the week page) or already closed, newest first, from <paramref name="from"/> down.
    /// </summary>
    public async Task<PastWeeksPage> PageAsync(WeekId current, WeekId? from, int size)
    {
        await using var connection = db.OpenConnection();
        var found = (await connection.QueryAsync<string>("""
            SELECT week FROM (SELECT week FROM nominations UNION SELECT week FROM week_history)
            WHERE (week < @current OR week IN (SELECT week FROM week_history)) AND (@from IS NULL OR week <= @from)
            ORDER BY week DESC LIMIT @take
            """, new { current = current.ToString(), from = from?.ToString(), take = size + 1 }))
            .Select(text => WeekId.TryParse(text, out var week) ? week : (WeekId?)null).OfType<WeekId>().ToList();
        var shown = found.Take(size).ToList();
        var weeks = shown.Select(w => w.ToString()).ToArray();

        var results = (await connection.QueryAsync<(string Week, long? First, long? Second)>(
            "SELECT week, first_place_id, second_place_id FROM week_history WHERE week IN @weeks", new { weeks })).ToDictionary(r => r.Week);
        var voters = (await connection.QueryAsync<(long NominationId, long UserId)>(
            "SELECT nomination_id, user_id FROM votes WHERE week IN @weeks ORDER BY id", new { weeks })).ToLookup(v => v.NominationId, v => v.UserId);
        var nominations = (await connection.QueryAsync<PastNomination>("""
            SELECT week AS Week, id AS Id, tmdb_id AS TmdbId, title AS Title, year AS Year, poster_path AS PosterPath,
                   rating AS Rating, overview AS Overview, proposed_by AS ProposedBy
            FROM nominations WHERE week IN @weeks ORDER BY id
            """, new { weeks })).AsList();
        var watched = await watches.OfNominationsAsync(nominations.Select(n => n.Id).ToList());

        var byWeek = nominations.ToLookup(n => n.Week);
        return new PastWeeksPage(shown.Select(week =>
        {
            var result = results.GetValueOrDefault(week.ToString());
            var inWeek = byWeek[week.ToString()].Select(n => n with
            {
                Place = n.Id == result.First ? 1 : n.Id == result.Second ? 2 : 0,
                VoterIds = voters[n.Id].ToList(),
                Watches = watched[n.Id].ToList(),
            });
            // The places first; then the rest by votes, in the order they were nominated within a tie.
            var ordered = inWeek.OrderBy(n => n.Place == 0 ? int.MaxValue : n.Place).ThenByDescending(n => n.VoterIds.Count).ThenBy(n => n.Id).ToList();
            return new PastWeek(week, result.Week is not null, ordered);
        }).ToList(), found.Count > size ? found[size] : null);
    }
}
