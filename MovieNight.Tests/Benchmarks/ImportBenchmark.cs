using System.Diagnostics;

namespace MovieNight.Benchmarks;

/// <summary>One timing: wall-clock seconds (median of the rounds) and the peak resident memory of the process, in MB.</summary>
public sealed record Timing(string Name, double Seconds, double PeakMb);

/// <summary>
/// Issue 10's targets, each measured in the same run as its reference so that the ratio, not the
/// machine, is what the target means: both importers on <see cref="LongHistory"/> with process start
/// included, against `migrate` of an empty database (the same process start, no import); and the first
/// start over the imported household (which catches up its missed weeks) against a start over an
/// empty data folder. Each is the median of three rounds on fresh copies.
/// </summary>
public static class ImportBenchmark
{
    private const int Rounds = 3;

    public static async Task<List<Timing>> RunAsync(string appDirectory, string work)
    {
        Directory.CreateDirectory(work);
        var json = Path.Combine(work, "long-history.json");
        var oldDatabase = Path.Combine(work, "movie-night.db");
        LongHistory.WriteJson(json);
        LongHistory.WriteSqlite(oldDatabase);
        Console.WriteLine($"Generated {LongHistory.Weeks} weeks of a {LongHistory.Members}-member household, ending {LongHistory.WeeksAgo} weeks ago: " +
                          $"data.json {new FileInfo(json).Length / 1e6:F1} MB, movie-night.db {new FileInfo(oldDatabase).Length / 1e6:F1} MB.");

        var timings = new List<Timing>
        {
            Median("reference: process start + migrate an empty database", round => Cli(appDirectory, "migrate", "--db", Fresh(work, "ref", round))),
            Median("import-json, 10 years", round => Cli(appDirectory, "import-json", json, "--db", Fresh(work, "json", round), "--tz", "UTC")),
            Median("import-sqlite, 10 years", round => Cli(appDirectory, "import-sqlite", oldDatabase, "--db", Fresh(work, "sqlite", round))),
        };
        timings.Add(await MedianAsync("reference: first start over an empty data folder, until /healthz", round =>
            StartAsync(appDirectory, Path.GetDirectoryName(Fresh(work, "empty-start", round))!, work, round)));
        timings.Add(await MedianAsync($"first start after import-sqlite, until /healthz (catches up {LongHistory.WeeksAgo} weeks)", round =>
            StartAsync(appDirectory, Path.GetDirectoryName(Path.Combine(work, $"sqlite-{round}", "movienight.db"))!, work, round)));
        return timings;
    }

    private static string Fresh(string work, string name, int round)
    {
        var directory = Directory.CreateDirectory(Path.Combine(work, $"{name}-{round}")).FullName;
        return Path.Combine(directory, "movienight.db");
    }

    private static Timing Median(string name, Func<int, (double Seconds, double PeakMb)> run)
    {
        var rounds = Enumerable.Range(0, Rounds).Select(run).OrderBy(r => r.Seconds).ToList();
        var timing = new Timing(name, rounds[Rounds / 2].Seconds, rounds.Max(r => r.PeakMb));
        Console.WriteLine($"  {name}: {timing.Seconds:F2} s (rounds {string.Join(", ", rounds.Select(r => r.Seconds.ToString("F2")))}), peak {timing.PeakMb:F0} MB");
        return timing;
    }

    private static async Task<Timing> MedianAsync(string name, Func<int, Task<(double Seconds, double PeakMb)>> run)
    {
        var rounds = new List<(double Seconds, double PeakMb)>();
        for (var round = 0; round < Rounds; round++) rounds.Add(await run(round));
        return Median(name, round => rounds.OrderBy(r => r.Seconds).ElementAt(round));
    }

    /// <summary>Runs the published app's CLI, polling its peak memory until it exits.</summary>
    private static (double Seconds, double PeakMb) Cli(string appDirectory, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo(Path.Combine(appDirectory, "MovieNight.Web"), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        double peak = 0;
        while (!process.WaitForExit(10)) peak = Math.Max(peak, PeakMb(process.Id));
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        return (seconds, peak);
    }

    private static async Task<(double Seconds, double PeakMb)> StartAsync(string appDirectory, string dataDirectory, string work, int round)
    {
        var clock = Stopwatch.StartNew();
        await using var app = await AppProcess.StartAsync(appDirectory, dataDirectory, "UTC", Path.Combine(work, $"start-{Path.GetFileName(dataDirectory)}-{round}.log"));
        return (clock.Elapsed.TotalSeconds, app.Memory().Peak);
    }

    private static double PeakMb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        }
        catch (IOException)
        {
            return 0; // exited between the check and the read
        }
    }
}
