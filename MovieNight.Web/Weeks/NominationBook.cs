using Dapper;
using MovieNight.Migrations;
using MovieNight.Web.Data;
using MovieNight.Web.Movies;

namespace MovieNight.Web.Weeks;

/// <summary>A movie to nominate: from TMDB (with its id and details), or just a title and year.</summary>
public sealed record MovieChoice(
    string Title, string? Year, long? TmdbId = null, string? PosterPath = null, string? BackdropPath = null,
    string? Overview = null, double? Rating = null, string? ImdbId = null)
{
    public const int TitleMaxLength = MovieNight.Migrations.FieldLimits.TitleMaxLength;

    /// <summary>The first film shown to an audience is from the 1870s; nothing older is a movie night's pick.</summary>
    public const int EarliestYear = 1870;

    /// <summary>Announced films are listed a year or two ahead; later than that is a typo.</summary>
    public static int LatestYear(DateTimeOffset now) => now.Year + 2;

    /// <summary>What is wrong with it as typed, and in which field; null when it may be nominated.</summary>
    internal Refusal? Problem(DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(Title)) return Invalid("Enter the movie's title.", "title");
        if (Title.Trim().Length > TitleMaxLength) return Invalid($"A title is at most {TitleMaxLength} characters.", "title");
        if (!string.IsNullOrWhiteSpace(Year))
        {
            if (!(Year.Trim() is { Length: 4 } y && y.All(char.IsAsciiDigit))) return Invalid("A year is four digits, such as 1999.", "year");
            var year = int.Parse(Year.Trim(), System.Globalization.CultureInfo.InvariantCulture);
            if (year < EarliestYear || year > LatestYear(now))
                return Invalid($"A year is between {EarliestYear} and {LatestYear(now)}.", "year");
        }
        return TmdbId is <= 0 ? Invalid("That is not a TMDB movie id.", null) : null;
    }

    private static Refusal Invalid(string message, string? field) => new(RefusalReason.Invalid, message) { Field = field };
}

/// <summary>A movie nominated this week and who nominated it: search marks it "already nominated".</summary>
public sealed record WeekNomination(long Id, long? TmdbId, string Title, string? Year, long ProposedBy, string ProposedByName, string? ProposedByIcon)
{
    /// <summary>The nominator as a badge (members without an icon get the app's).</summary>
    public MemberBadge Nominator => new(ProposedBy, ProposedByName, ProposedByIcon ?? "🎬");

    /// <summary>The same TMDB id when both have one; otherwise the same title (any case, accents or spacing) and year.</summary>
    public bool IsSameMovie(long? tmdbId, string title, string? year) =>
        TmdbId is { } id && tmdbId is { } other
            ? id == other
            : MovieTitles.Key(Title, Year) == MovieTitles.Key(title, year);
}

public sealed record NominationResult(long? NominationId, bool VotingOpened, Refusal? Refusal)
{
    public bool Succeeded => Refusal is null;
}

/// <summary>
/// Nominating and withdrawing. Each runs in one write transaction (BEGIN IMMEDIATE), so the phase,
/// the per-member limit and the duplicate check see exactly what the insert commits against.
/// </summary>
public sealed class NominationBook(Db db, HouseholdSettings settings, TimeProvider time, WeekWriteGate gate)
{
    private const string WeekNominationsSql = """
        SELECT n.id AS Id, n.tmdb_id AS TmdbId, n.title AS Title, n.year AS Year, n.proposed_by AS ProposedBy,
               u.name AS ProposedByName, u.icon AS ProposedByIcon
        FROM nominations n JOIN users u ON u.id = n.proposed_by WHERE n.week = @week ORDER BY n.id
        """;

    /// <summary>This week's nominations, oldest first.</summary>
    public async Task<IReadOnlyList<WeekNomination>> ThisWeekAsync()
    {
        var clock = await settings.ClockAsync();
        await using var connection = db.OpenConnection();
        return (await connection.QueryAsync<WeekNomination>(WeekNominationsSql, new { week = clock.WeekOf(time.GetUtcNow()).ToString() })).AsList();
    }

    public async Task<NominationResult> NominateAsync(long memberId, MovieChoice movie)
    {
        var now = time.GetUtcNow();
        if (movie.Problem(now) is { } problem) return new NominationResult(null, false, problem);
        var (rules, clock) = await settings.ReadWithClockAsync();
        var week = clock.WeekOf(now);

        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        await using var transaction = connection.BeginTransaction();
        if (!await MemberChecks.IsActiveAsync(connection, transaction, memberId))
            return Refused(RefusalReason.NotAMember, "Only the household's active members can nominate.");
        var state = await WeekStateQuery.ReadAsync(connection, transaction, clock, week, now);
        if (state.NominationClosedMessage is { } closed) return Refused(RefusalReason.WrongPhase, closed);

        var nominated = (await connection.QueryAsync<WeekNomination>(WeekNominationsSql, new { week = week.ToString() }, transaction)).AsList();
        if (nominated.FirstOrDefault(n => n.IsSameMovie(movie.TmdbId, movie.Title, movie.Year)) is { } same)
            return new NominationResult(null, false, new Refusal(RefusalReason.AlreadyNominated, same.ProposedBy == memberId
                ? $"You have already nominated “{same.Title}” this week."
                : $"“{same.Title}” is already nominated by {same.ProposedByName}.") { Field = "title" });
        var mine = nominated.Count(n => n.ProposedBy == memberId);
        if (mine >= rules.NominationsPerMember)
            return Refused(RefusalReason.LimitReached, rules.NominationsPerMember == 1
                ? "You have already nominated a movie this week; withdraw it to nominate another."
                : $"You have already nominated {mine} movies this week, the most each member can; withdraw one to nominate another.");

        var id = await connection.QuerySingleAsync<long>("""
            INSERT INTO nominations (week, tmdb_id, title, year, poster_path, backdrop_path, overview, rating, proposed_by, proposed_at, imdb_id)
            VALUES (@week, @TmdbId, @title, @year, @PosterPath, @BackdropPath, @Overview, @Rating, @memberId, @at, @ImdbId)
            RETURNING id
            """, new
            {
                week = week.ToString(), movie.TmdbId, title = movie.Title.Trim(), year = Blank(movie.Year), movie.PosterPath, movie.BackdropPath,
                movie.Overview, movie.Rating, memberId, at = SqliteTime.ToText(now), movie.ImdbId,
            }, transaction);

        // The nomination that completes the set opens voting, and that sticks: a member added later
        // does not send the week back to nominating. (The nominator is active, so the set is never empty.)
        var votingOpened = await connection.ExecuteScalarAsync<bool>("""
            SELECT NOT EXISTS (SELECT 1 FROM users u WHERE u.is_active = 1
                AND NOT EXISTS (SELECT 1 FROM nominations n WHERE n.week = @week AND n.proposed_by = u.id))
            """, new { week = week.ToString() }, transaction);
        if (votingOpened)
            await WeekRows.OpenVotingAsync(connection, transaction, week, now, VotingOpenedBy.EveryoneNominated, memberId: null);
        await transaction.CommitAsync();
        return new NominationResult(id, votingOpened, null);
    }

    /// <summary>Takes back one's own nomination while nominations are open. Null when it is withdrawn.</summary>
    public async Task<Refusal?> WithdrawAsync(long memberId, long nominationId)
    {
        var clock = await settings.ClockAsync();
        var now = time.GetUtcNow();
        using var turn = await gate.EnterAsync();
        await using var connection = db.OpenConnection();
        await using var transaction = connection.BeginTransaction();
        var nomination = await connection.QuerySingleOrDefaultAsync<(string Week, string Title, long ProposedBy, string ProposedByName)>("""
            SELECT n.week, n.title, n.proposed_by, u.name FROM nominations n JOIN users u ON u.id = n.proposed_by WHERE n.id = @nominationId
            """, new { nominationId }, transaction);
        if (nomination.Week is null || !WeekId.TryParse(nomination.Week, out var week))
            return new Refusal(RefusalReason.NotFound, "That nomination is no longer there.");
        if (nomination.ProposedBy != memberId)
            return new Refusal(RefusalReason.NotYours, $"Only {nomination.ProposedByName} can withdraw “{nomination.Title}”.");
        var state = await WeekStateQuery.ReadAsync(connection, transaction, clock, week, now);
        if (state.NominationClosedMessage is { } closed) return new Refusal(RefusalReason.WrongPhase, closed);

        // Nothing should point at a nomination still being nominated; these keep the delete safe if something does.
        await connection.ExecuteAsync("DELETE FROM votes WHERE nomination_id = @nominationId", new { nominationId }, transaction);
        await connection.ExecuteAsync("UPDATE watch_history SET nomination_id = NULL WHERE nomination_id = @nominationId", new { nominationId }, transaction);
        await connection.ExecuteAsync("DELETE FROM nominations WHERE id = @nominationId", new { nominationId }, transaction);
        await transaction.CommitAsync();
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static NominationResult Refused(RefusalReason reason, string message) => new(null, false, new Refusal(reason, message));
}
