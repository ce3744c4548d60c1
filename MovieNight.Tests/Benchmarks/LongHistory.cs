using System.Globalization;
using System.Text.Json;
using MovieNight.Tests.Import;

namespace MovieNight.Benchmarks;

/// <summary>
/// Ten years of a four-member household as the old app leaves it (issue 10): 520 weeks, four
/// nominations a week (2,080), two votes per member a week (4,160), 5,200 ratings, every week but the
/// last with its result. The household stopped <see cref="WeeksAgo"/> weeks before today, so the
/// first start after importing it has those weeks to catch up on. Written both as a v2 data.json and
/// as the old app's movie-night.db, with the same content.
/// </summary>
public static class LongHistory
{
    public const int Weeks = 520, Members = 4, WeeksAgo = 48;
    private static readonly string[] Names = ["Erik", "Timea", "Jázmin", "Niki"];
    private static readonly string[] Icons = ["👨‍💼", "👩", "👧", "🧑"];

    private sealed record Movie(int Index, string Week, int Proposer, DateTimeOffset ProposedAt)
    {
        public long TmdbId => 10_000 + Index;
        public string Title => $"Movie {Index:0000}";
        public string Id => (1_600_000_000_000L + Index).ToString(CultureInfo.InvariantCulture);
        /// <summary>Two members rate every movie, a third every other one: 5,200 ratings.</summary>
        public IEnumerable<(int Member, int Stars)> Ratings =>
            Enumerable.Range(1, Index % 2 == 0 ? 3 : 2).Select(k => ((Proposer + k) % Members, 1 + (Index + k) % 5));
    }

    private static List<(string Week, List<Movie> Movies)> Plan()
    {
        var last = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-7 * (WeeksAgo + 1));
        var weeks = new List<(string, List<Movie>)>();
        var index = 0;
        for (var w = Weeks - 1; w >= 0; w--)
        {
            var monday = last.AddDays(-7 * w);
            var week = $"{ISOWeek.GetYear(monday.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(monday.ToDateTime(TimeOnly.MinValue)):00}";
            var at = new DateTimeOffset(monday.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            weeks.Add((week, Enumerable.Range(0, Members).Select(m => new Movie(index++, week, m, at.AddHours(m))).ToList()));
        }
        return weeks;
    }

    /// <summary>Each member votes for the next two members' movies.</summary>
    private static IEnumerable<(int Member, Movie Movie)> Votes(List<Movie> movies) =>
        Enumerable.Range(0, Members).SelectMany(m => new[] { movies[(m + 1) % Members], movies[(m + 2) % Members] }.Select(n => (m, n)));

    public static void WriteJson(string path)
    {
        var plan = Plan();
        object Nomination(Movie n) => new Dictionary<string, object>
        {
            ["id"] = n.Id, ["tmdbId"] = n.TmdbId, ["title"] = n.Title, ["year"] = "2001", ["posterPath"] = "/poster.jpg", ["rating"] = 7.1,
            ["overview"] = "An overview of ordinary length, as TMDB returns it for most movies, about a sentence or two.",
            ["proposedBy"] = Names[n.Proposer], ["proposedAt"] = n.ProposedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["ratings"] = n.Ratings.ToDictionary(r => Names[r.Member], r => r.Stars),
        };
        Dictionary<string, Dictionary<string, bool>> VoteMap(List<Movie> movies) => Votes(movies).GroupBy(v => v.Movie.Id)
            .ToDictionary(g => g.Key, g => g.ToDictionary(v => Names[v.Member], _ => true));
        var (currentWeek, current) = plan[^1];
        var data = new Dictionary<string, object>
        {
            ["users"] = Names.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => (object)new { icon = Icons[x.i], pin = "1234" }),
            ["currentWeek"] = new Dictionary<string, object>
            {
                ["weekNumber"] = currentWeek, ["phase"] = "voting", ["nominations"] = current.Select(Nomination).ToList(), ["votes"] = VoteMap(current),
            },
            ["history"] = plan[..^1].AsEnumerable().Reverse().Select(w => new Dictionary<string, object>
            {
                ["weekNumber"] = w.Week, ["firstPlace"] = Nomination(w.Movies[1]), ["secondPlace"] = Nomination(w.Movies[2]),
                ["allMovies"] = w.Movies.Select(Nomination).ToList(), ["votes"] = VoteMap(w.Movies),
            }).ToList(),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(data));
    }

    public static void WriteSqlite(string path)
    {
        using var old = new OldAppDatabaseBuilder(path);
        old.Execute("BEGIN TRANSACTION"); // one commit for the whole history: generating it is not what is measured
        for (var m = 0; m < Members; m++) old.UpsertUser(Names[m], Icons[m], "1234");
        var plan = Plan();
        foreach (var (week, movies) in plan)
        {
            var ids = movies.ToDictionary(n => n, n => old.AddNomination(week, n.TmdbId, n.Title, Names[n.Proposer]));
            foreach (var (member, movie) in Votes(movies)) old.AddVote(week, ids[movie], Names[member]);
            foreach (var movie in movies)
                foreach (var (member, stars) in movie.Ratings)
                    old.MarkWatched(Names[member], movie.TmdbId, movie.Title, week, stars);
            if (week != plan[^1].Week) old.SaveWeekResults(week, movies[1].TmdbId, movies[1].Title, movies[2].TmdbId, movies[2].Title);
        }
        old.Execute("COMMIT TRANSACTION");
    }
}
