using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace MovieNight.Benchmarks;

public sealed record Nomination(long Id, string Title, long ProposedBy);

/// <summary>
/// A household seeded for a benchmark: members with PIN 1234, four nominations this week (by the
/// first four members), optional votes, and a schedule that keeps voting open all week. Seeded the
/// way a household arrives from the old app: a v2 data.json imported by the app's own import-json.
/// </summary>
public sealed class Household
{
    public const string Pin = "1234";
    /// <summary>Voting from Monday 00:01 to Sunday 23:59 (household time), so it is open whenever the benchmark runs.</summary>
    private const string VotingOpens = "Monday 00:01", VotingCloses = "Sunday 23:59";

    public required string DataDirectory { get; init; }
    public required string TimeZone { get; init; }
    public required string Week { get; init; }
    public required IReadOnlyDictionary<long, string> Members { get; init; }
    public required IReadOnlyList<Nomination> Nominations { get; init; }
    public string DatabasePath => Path.Combine(DataDirectory, "movienight.db");

    /// <param name="votesByMember">For each member index (0-based), the nomination indexes they vote for.</param>
    public static Household Seed(string appDirectory, string dataDirectory, int memberCount, Func<int, int[]> votesByMember)
    {
        Directory.CreateDirectory(dataDirectory);
        var (zone, week) = ZoneWithVotingOpen();
        var names = Enumerable.Range(1, memberCount).Select(i => $"Member {i:00}").ToList();
        var icons = new[] { "🎬", "🍿", "🎥", "🦊", "🐼", "🌟", "🎸", "🚀" };
        string[] titles = ["Inception", "Spirited Away", "Paddington 2", "The Grand Budapest Hotel"];
        var now = TimeProvider.System.GetUtcNow();

        var nominations = titles.Select((title, i) => new Dictionary<string, object?>
        {
            ["id"] = (1_700_000_000_000L + i).ToString(CultureInfo.InvariantCulture),
            ["tmdbId"] = 1000 + i,
            ["title"] = title,
            ["year"] = (2001 + i).ToString(CultureInfo.InvariantCulture),
            ["rating"] = 7.5 + i / 10.0,
            ["overview"] = $"A benchmark nomination ({title}) with an overview of ordinary length, as TMDB returns it for most movies.",
            ["proposedBy"] = names[i],
            ["proposedAt"] = now.AddMinutes(-10 + i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        }).ToList();
        var votes = new Dictionary<string, Dictionary<string, bool>>();
        for (var m = 0; m < memberCount; m++)
            foreach (var n in votesByMember(m))
            {
                var id = (string)nominations[n]["id"]!;
                if (!votes.TryGetValue(id, out var voters)) votes[id] = voters = [];
                voters[names[m]] = true;
            }
        var data = new Dictionary<string, object>
        {
            ["users"] = names.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => (object)new { icon = icons[x.i % icons.Length], pin = Pin }),
            ["currentWeek"] = new Dictionary<string, object> { ["weekNumber"] = week, ["phase"] = "voting", ["nominations"] = nominations, ["votes"] = votes },
            ["history"] = Array.Empty<object>(),
        };
        var json = Path.Combine(dataDirectory, "bench-data.json");
        File.WriteAllText(json, JsonSerializer.Serialize(data));

        var database = Path.Combine(dataDirectory, "movienight.db");
        RunImport(appDirectory, json, database, zone);

        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        Execute(connection, "INSERT INTO settings (key, value) VALUES ('week.voting_opens', $opens), ('week.voting_closes', $closes)",
            ("$opens", VotingOpens), ("$closes", VotingCloses));
        var members = Query(connection, "SELECT id, name FROM users", r => (r.GetInt64(0), r.GetString(1))).ToDictionary(x => x.Item1, x => x.Item2);
        var seeded = Query(connection, "SELECT id, title, proposed_by FROM nominations WHERE week = $week ORDER BY id",
            r => new Nomination(r.GetInt64(0), r.GetString(1), r.GetInt64(2)), ("$week", week));
        if (members.Count != memberCount || seeded.Count != titles.Length)
            throw new InvalidOperationException($"Seeding gave {members.Count} members and {seeded.Count} nominations in {week}.");
        return new Household { DataDirectory = dataDirectory, TimeZone = zone, Week = week, Members = members, Nominations = seeded };
    }

    /// <summary>Every (member, nomination) vote of this week, read from the database.</summary>
    public List<(long Member, long Nomination)> Votes()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly");
        connection.Open();
        return Query(connection, "SELECT user_id, nomination_id FROM votes WHERE week = $week", r => (r.GetInt64(0), r.GetInt64(1)), ("$week", Week));
    }

    /// <summary>
    /// A time zone in which now is well inside the week (not within half an hour of Monday 00:00),
    /// and the ISO week it is there: the app reads both from TZ, the import from --tz.
    /// </summary>
    private static (string Zone, string Week) ZoneWithVotingOpen()
    {
        foreach (var id in new[] { "UTC", "Etc/GMT+6", "Etc/GMT-6" })
        {
            var local = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(id)).DateTime;
            var sinceMonday = local - local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7));
            if (sinceMonday > TimeSpan.FromMinutes(30) && sinceMonday < TimeSpan.FromDays(7) - TimeSpan.FromMinutes(30))
                return (id, $"{ISOWeek.GetYear(local)}-W{ISOWeek.GetWeekOfYear(local):00}");
        }
        throw new InvalidOperationException("No time zone found with now inside the week.");
    }

    private static void RunImport(string appDirectory, string json, string database, string zone)
    {
        var start = new ProcessStartInfo(Path.Combine(appDirectory, "MovieNight.Web"), ["import-json", json, "--db", database, "--tz", zone])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"import-json failed ({process.ExitCode}): {error.Result}{output.Result}");
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }
}
