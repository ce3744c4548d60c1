using System.Diagnostics;

namespace MovieNight.Benchmarks;

/// <summary>One timing: wall-clock seconds and CPU seconds of the process (median round by wall clock), its peak resident memory in MB,
/// and the cores other processes used meanwhile (the machine's noise).</summary>
public sealed record Timing(string Name, double Seconds, double CpuSeconds, double PeakMb, double OtherCores);

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

    public static async Task<List<Timing>> RunAsync(string appDirectory, string work, TimeSpan patience)
    {
        Directory.CreateDirectory(work);
        var json = Path.Combine(work, "long-history.json");
        var oldDatabase = Path.Combine(work, "movie-night.db");
        LongHistory.WriteJson(json);
        LongHistory.WriteSqlite(oldDatabase);
        Console.WriteLine($"Generated {LongHistory.Weeks} weeks of a {LongHistory.Members}-member household, ending {LongHistory.WeeksAgo} weeks ago: " +
                          $"data.json {new FileInfo(json).Length / 1e6:F1} MB, movie-night.db {new FileInfo(oldDatabase).Length / 1e6:F1} MB.");

        return
        [
            await MedianAsync("reference: process start + migrate an empty database", patience,
                round => Cli(appDirectory, "migrate", "--db", Fresh(work, "ref", round))),
            await MedianAsync("import-json, 10 years", patience,
                round => Cli(appDirectory, "import-json", json, "--db", Fresh(work, "json", round), "--tz", "UTC")),
            await MedianAsync("import-sqlite, 10 years", patience,
                round => Cli(appDirectory, "import-sqlite", oldDatabase, "--db", Fresh(work, "sqlite", round))),
            await MedianAsync("reference: first start over an empty data folder, until /healthz", patience,
                round => StartAsync(appDirectory, Path.GetDirectoryName(Fresh(work, "empty-start", round))!, work, round)),
            await MedianAsync($"first start after import-sqlite, until /healthz (catches up {LongHistory.WeeksAgo} weeks)", patience,
                async round =>
                {
                    var start = await StartAsync(appDirectory, Path.Combine(work, $"sqlite-{round}"), work, round);
                    CheckCaughtUp(Path.Combine(work, $"sqlite-{round}", "movienight.db"));
                    return start;
                }),
        ];
    }

    /// <summary>The old household's last week, left open by the old app, was closed at start: every week has its result.</summary>
    private static void CheckCaughtUp(string database)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM week_history";
        if ((long)count.ExecuteScalar()! != LongHistory.Weeks)
            throw new InvalidOperationException($"The first start did not close the imported household's last week ({count.ExecuteScalar()} results).");
    }

    private static string Fresh(string work, string name, int round)
    {
        var directory = Directory.CreateDirectory(Path.Combine(work, $"{name}-{round}")).FullName;
        return Path.Combine(directory, "movienight.db");
    }

    private static async Task<Timing> MedianAsync(string name, TimeSpan patience, Func<int, Task<Timing>> run)
    {
        var rounds = new List<Timing>();
        for (var round = 0; round < Rounds; round++)
        {
            // At most 20 s a round: fifteen rounds must not wait half an hour on a busy machine.
            await WaitForQuietAsync(patience < TimeSpan.FromSeconds(20) ? patience : TimeSpan.FromSeconds(20));
            var (machine, own) = (Load.MachineBusy(), Process.GetCurrentProcess().TotalProcessorTime);
            var measured = await run(round);
            var other = (Load.MachineBusy() - machine - (Process.GetCurrentProcess().TotalProcessorTime - own)).TotalSeconds - measured.CpuSeconds;
            rounds.Add(measured with { Name = name, OtherCores = Math.Max(0, other / measured.Seconds) });
        }
        rounds.Sort((a, b) => a.Seconds.CompareTo(b.Seconds));
        var median = rounds[Rounds / 2];
        Console.WriteLine($"  {name}: {median.Seconds:F2} s, {median.CpuSeconds:F2} s CPU (rounds {string.Join(", ", rounds.Select(r => r.Seconds.ToString("F2")))}), " +
                          $"peak {median.PeakMb:F0} MB, other processes {median.OtherCores:F2} cores");
        return median;
    }

    /// <summary>Like the loads' wait (Load.WaitForQuietAsync), for runs that have no app process yet.</summary>
    private static async Task WaitForQuietAsync(TimeSpan patience)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var (machine, own) = (Load.MachineBusy(), Process.GetCurrentProcess().TotalProcessorTime);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var other = (Load.MachineBusy() - machine - (Process.GetCurrentProcess().TotalProcessorTime - own)).TotalSeconds / 2;
            if (other < 0.15 || waited.Elapsed > patience) return;
        }
    }

    /// <summary>Runs the published app's CLI, polling its peak memory and CPU time until it exits.</summary>
    private static Task<Timing> Cli(string appDirectory, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo(Path.Combine(appDirectory, "MovieNight.Web"), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        double peak = 0, cpu = 0;
        // The last reading before exit: /proc forgets the process once it is reaped.
        while (!process.WaitForExit(10)) (peak, cpu) = (Math.Max(peak, PeakMb(process.Id)), Math.Max(cpu, CpuSeconds(process.Id)));
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        return Task.FromResult(new Timing("", seconds, cpu, peak, 0));
    }

    private static async Task<Timing> StartAsync(string appDirectory, string dataDirectory, string work, int round)
    {
        var clock = Stopwatch.StartNew();
        await using var app = await AppProcess.StartAsync(appDirectory, dataDirectory, "UTC", Path.Combine(work, $"start-{Path.GetFileName(dataDirectory)}-{round}.log"));
        return new Timing("", clock.Elapsed.TotalSeconds, app.CpuTime().TotalSeconds, app.Memory().Peak, 0);
    }

    private static double PeakMb(int pid) => Read(pid, "status", text =>
        text.Split('\n').FirstOrDefault(l => l.StartsWith("VmHWM:")) is { } line ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0 : 0);

    /// <summary>utime + stime (fields 14 and 15 of /proc/pid/stat, after the parenthesised name), in USER_HZ (100 a second).</summary>
    private static double CpuSeconds(int pid) => Read(pid, "stat", text =>
    {
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    });

    private static double Read(int pid, string file, Func<string, double> parse)
    {
        try
        {
            return parse(File.ReadAllText($"/proc/{pid}/{file}"));
        }
        catch (IOException)
        {
            return 0; // exited between the check and the read
        }
    }
}
