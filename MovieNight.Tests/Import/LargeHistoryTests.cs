using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;

namespace MovieNight.Tests.Import;

public sealed class LargeHistoryTests(ITestOutputHelper output)
{
    private const int Weeks = 5_000;
    private static readonly string[] Members = ["Erik", "Timea", "Jázmin", "Niki"];

    [Fact]
    public void A_history_of_five_thousand_weeks_imports_in_one_go()
    {
        using var db = new ImportDatabase();
        var file = db.Directory.File("huge.json");
        WriteHistory(file);

        var clock = Stopwatch.StartNew();
        var report = db.Import(file);
        clock.Stop();
        output.WriteLine($"{new FileInfo(file).Length / 1024} KiB imported in {clock.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal((Weeks, Weeks * 4, Weeks * 6, Weeks * 2, Weeks), (report.Weeks, report.Nominations, report.Votes, report.Watches, report.WeekHistoryRows));
        Assert.Equal(new RowCounts(4, Weeks * 4, Weeks * 6, Weeks * 2, Weeks, 1), db.Rows());
        // Loose on purpose: build machines vary; the point is "seconds, not minutes".
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    /// <summary>Consecutive ISO weeks, newest first as the old app kept them, each with 4 nominations.</summary>
    private static void WriteHistory(string path)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteStartObject("users");
        foreach (var member in Members)
        {
            json.WriteStartObject(member);
            json.WriteString("icon", "🎬");
            json.WriteNull("pin");
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartArray("history");
        var monday = new DateTime(2026, 1, 12);
        for (var w = 0; w < Weeks; w++, monday = monday.AddDays(-7))
        {
            var week = $"{ISOWeek.GetYear(monday):0000}-W{ISOWeek.GetWeekOfYear(monday):00}";
            var ids = Enumerable.Range(0, 4).Select(i => (new DateTimeOffset(monday).ToUnixTimeMilliseconds() + i).ToString(CultureInfo.InvariantCulture)).ToArray();
            json.WriteStartObject();
            json.WriteString("weekNumber", week);
            json.WritePropertyName("firstPlace");
            WriteNomination(json, ids[0], 0, monday, rated: true);
            json.WritePropertyName("secondPlace");
            WriteNomination(json, ids[1], 1, monday, rated: false);
            json.WriteStartArray("allMovies");
            for (var i = 0; i < 4; i++) WriteNomination(json, ids[i], i, monday, rated: i == 0);
            json.WriteEndArray();
            json.WriteStartObject("votes");
            json.WriteStartObject(ids[0]);
            json.WriteBoolean("Erik", true);
            json.WriteBoolean("Timea", true);
            json.WriteBoolean("Niki", true);
            json.WriteEndObject();
            json.WriteStartObject(ids[1]);
            json.WriteBoolean("Jázmin", true);
            json.WriteBoolean("Erik", true);
            json.WriteBoolean("Niki", false);
            json.WriteEndObject();
            json.WriteStartObject(ids[2]);
            json.WriteBoolean("Timea", true);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNomination(Utf8JsonWriter json, string id, int index, DateTime monday, bool rated)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteNumber("tmdbId", 100 + index);
        json.WriteString("title", $"Movie {id}");
        json.WriteString("year", "1999");
        json.WriteString("imdbId", $"tt{id[^7..]}");
        json.WriteString("posterPath", "/poster.jpg");
        json.WriteNumber("rating", 7.5);
        json.WriteString("overview", "A movie the household nominated.");
        json.WriteString("proposedBy", Members[index]);
        json.WriteString("proposedAt", new DateTimeOffset(monday.AddHours(18 + index), TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        if (rated)
        {
            json.WriteStartObject("ratings");
            json.WriteNumber("Timea", 4);
            json.WriteNumber("Niki", 5);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }
}
