using System.Data;
using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Weeks;

/// <summary>The rule that put one nomination ahead of the next, in the order the rules are tried.</summary>
public enum DecidedBy
{
    /// <summary>Nothing ranked below it: it was the only nomination left to place.</summary>
    Unopposed,
    MostVotes,
    FewerHaveSeenIt,
    HigherRating,
    EarlierNomination,
}

/// <summary>One nomination with its votes, as the tally and the movie cards show it.</summary>
public sealed record TalliedNomination
{
    public long Id { get; init; }
    public string Week { get; init; } = "";
    public long? TmdbId { get; init; }
    public string Title { get; init; } = "";
    public string? Year { get; init; }
    public string? PosterPath { get; init; }
    public string? BackdropPath { get; init; }
    public string? Overview { get; init; }
    public double? Rating { get; init; }
    public string? ImdbId { get; init; }
    public long ProposedBy { get; init; }
    public string ProposedByName { get; init; } = "";
    public string ProposedByIcon { get; init; } = "";
    public string? ProposedAt { get; init; }
    public int Votes { get; init; }
    /// <summary>Active members who had already watched it before this week (by TMDB id; 0 without one).</summary>
    public int SeenBy { get; init; }
    public IReadOnlyList<long> VoterIds { get; init; } = [];
}

/// <summary>A week's nominations, best first, and which rule decided 1st and 2nd place.</summary>
public sealed record WeekTally(WeekId Week, IReadOnlyList<TalliedNomination> Ranked, DecidedBy? FirstDecidedBy, DecidedBy? SecondDecidedBy, bool IsFinal)
{
    public TalliedNomination? First => Ranked.Count > 0 ? Ranked[0] : null;
    public TalliedNomination? Second => Ranked.Count > 1 ? Ranked[1] : null;
}

/// <summary>
/// Tallies a week. Most votes wins; a tie goes to the movie fewer active members have already seen,
/// then to the higher TMDB rating, then to the earlier nomination.
/// </summary>
public sealed class WeekResults(Db db, HouseholdSettings settings, TimeProvider time)
{
    /// <summary>
    /// The tally for display. A closed week keeps the places and rules it was closed with, even if
    /// the counts would come out differently today (a member deactivated, a movie watched since).
    /// </summary>
    public async Task<WeekTally> TallyAsync(WeekId week)
    {
        var clock = await settings.ClockAsync();
        await using var connection = db.OpenConnection();
        // One read snapshot (WAL): a close committed meanwhile cannot give winners without their rules.
        await using var snapshot = connection.BeginTransaction(deferred: true);
        var stored = await connection.QuerySingleAsync<(long Closed, long? First, long? Second, string? FirstRule, string? SecondRule)>("""
            SELECT h.week IS NOT NULL OR w.closed_at IS NOT NULL, h.first_place_id, h.second_place_id, w.first_decided_by, w.second_decided_by
            FROM (SELECT @week AS week) k LEFT JOIN week_history h ON h.week = k.week LEFT JOIN weeks w ON w.week = k.week
            """, new { week = week.ToString() }, snapshot);
        var closed = stored.Closed == 1;
        var tally = await ComputeAsync(connection, snapshot, week, Cutoff(clock, week, time.GetUtcNow()));
        if (!closed) return tally;

        var places = new[] { stored.First, stored.Second }.OfType<long>().ToList();
        var ranked = tally.Ranked.Where(n => places.Contains(n.Id)).OrderBy(n => places.IndexOf(n.Id))
            .Concat(tally.Ranked.Where(n => !places.Contains(n.Id))).ToList();
        return new WeekTally(week, ranked, Enum.TryParse<DecidedBy>(stored.FirstRule, out var first) ? first : null,
            Enum.TryParse<DecidedBy>(stored.SecondRule, out var second) ? second : null, IsFinal: true);
    }

    /// <summary>Watches recorded after voting closed (or after now, for a week still open) do not count.</summary>
    internal static DateTimeOffset Cutoff(WeekClock clock, WeekId week, DateTimeOffset now)
    {
        var deadline = clock.TimesOf(week).VotingCloses;
        return now < deadline ? now : deadline;
    }

    /// <summary>Counts and ranks on the caller's connection, so closing ranks what it commits against.</summary>
    internal static async Task<WeekTally> ComputeAsync(IDbConnection connection, IDbTransaction? transaction, WeekId week, DateTimeOffset cutoff)
    {
        // A watch counts when it happened before the cutoff and was not recorded for this week or a
        // later one, so a week's tally does not change once the household watches its winner. Old rows
        // with no time or week count as earlier.
        var nominations = (await connection.QueryAsync<TalliedNomination>("""
            SELECT n.id AS Id, n.week AS Week, n.tmdb_id AS TmdbId, n.title AS Title, n.year AS Year, n.poster_path AS PosterPath,
                   n.backdrop_path AS BackdropPath, n.overview AS Overview, n.rating AS Rating, n.imdb_id AS ImdbId,
                   n.proposed_by AS ProposedBy, u.name AS ProposedByName, coalesce(u.icon, '🎬') AS ProposedByIcon, n.proposed_at AS ProposedAt,
                   (SELECT count(*) FROM votes v WHERE v.nomination_id = n.id) AS Votes,
                   (SELECT count(DISTINCT h.user_id) FROM watch_history h JOIN users m ON m.id = h.user_id AND m.is_active = 1
                    WHERE h.tmdb_id = n.tmdb_id AND (h.week IS NULL OR h.week < n.week)
                      AND (h.watched_at IS NULL OR h.watched_at < @cutoff)) AS SeenBy
            FROM nominations n JOIN users u ON u.id = n.proposed_by
            WHERE n.week = @week
            """, new { week = week.ToString(), cutoff = SqliteTime.ToText(cutoff) }, transaction)).AsList();
        var voters = (await connection.QueryAsync<(long NominationId, long UserId)>(
            "SELECT nomination_id, user_id FROM votes WHERE week = @week ORDER BY id", new { week = week.ToString() }, transaction))
            .ToLookup(v => v.NominationId, v => v.UserId);

        var ranked = nominations.Select(n => n with { VoterIds = voters[n.Id].ToList() }).Order(Ranking.Instance).ToList();
        return new WeekTally(week, ranked,
            ranked.Count switch { 0 => null, 1 => DecidedBy.Unopposed, _ => Ranking.Decider(ranked[0], ranked[1]) },
            ranked.Count switch { < 2 => null, 2 => DecidedBy.Unopposed, _ => Ranking.Decider(ranked[1], ranked[2]) },
            IsFinal: false);
    }

    /// <summary>The tie-break rules as an ordering, best first.</summary>
    private sealed class Ranking : IComparer<TalliedNomination>
    {
        public static readonly Ranking Instance = new();

        public int Compare(TalliedNomination? a, TalliedNomination? b) => (a, b) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => Rules(a, b).FirstOrDefault(c => c.Order != 0).Order,
        };

        /// <summary>The first rule that tells the two apart. The ids always differ, so one does.</summary>
        public static DecidedBy Decider(TalliedNomination ahead, TalliedNomination behind) =>
            Rules(ahead, behind).First(c => c.Order != 0).Rule;

        private static IEnumerable<(DecidedBy Rule, int Order)> Rules(TalliedNomination a, TalliedNomination b)
        {
            yield return (DecidedBy.MostVotes, b.Votes.CompareTo(a.Votes));
            yield return (DecidedBy.FewerHaveSeenIt, a.SeenBy.CompareTo(b.SeenBy));
            yield return (DecidedBy.HigherRating, (b.Rating ?? -1).CompareTo(a.Rating ?? -1));
            yield return (DecidedBy.EarlierNomination, ProposedAt(a).CompareTo(ProposedAt(b)));
            yield return (DecidedBy.EarlierNomination, a.Id.CompareTo(b.Id));
        }

        /// <summary>Imported nominations may have no time; they count as later than any that has one.</summary>
        private static DateTimeOffset ProposedAt(TalliedNomination n) =>
            n.ProposedAt is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MaxValue;
    }
}
