using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MovieNight.Benchmarks;

/// <summary>The published app, started as its own process on a free loopback port, with its memory and CPU readings.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;

    public IPEndPoint EndPoint { get; }
    public string Host => $"127.0.0.1:{EndPoint.Port}";
    public Uri BaseAddress => new($"http://{Host}/");
    public int Id => process.Id;

    private AppProcess(Process process, IPEndPoint endPoint) => (this.process, EndPoint) = (process, endPoint);

    public static Task<AppProcess> StartAsync(string appDirectory, string dataDirectory, string timeZone, string logFile)
    {
        var start = Launch(appDirectory, "MovieNight.Web", out var port);
        start.Environment["MOVIENIGHT_DATA_DIR"] = dataDirectory;
        start.Environment["TZ"] = timeZone;
        // Every benchmark member signs in with a PIN from this one address: lift the per-address PIN
        // limit (it guards only PIN posts; page views and votes are never limited).
        start.Environment["PinRateLimit__PermitsPerMinute"] = "100000";
        return StartAsync(start, port, "healthz", logFile);
    }

    /// <summary>Another published ASP.NET Core app (the empty Razor Pages template, as a yardstick), ready when <paramref name="readyPath"/> answers.</summary>
    public static Task<AppProcess> StartOtherAsync(string appDirectory, string executable, string readyPath, string logFile) =>
        StartAsync(Launch(appDirectory, executable, out var port), port, readyPath, logFile);

    private static ProcessStartInfo Launch(string appDirectory, string executable, out int port)
    {
        port = FreePort();
        var start = new ProcessStartInfo(Path.Combine(appDirectory, executable))
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // The generator's own knobs must not leak into the app.
        start.Environment.Remove("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS");
        start.Environment.Remove("DOTNET_gcServer");
        start.Environment.Remove("DOTNET_GCgen0size");
        return start;
    }

    private static async Task<AppProcess> StartAsync(ProcessStartInfo start, int port, string readyPath, string logFile)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var app = new AppProcess(process, new IPEndPoint(IPAddress.Loopback, port));
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The app exited with {process.ExitCode}; see {logFile}.");
            try
            {
                if ((await http.GetAsync(readyPath)).IsSuccessStatusCode) return app;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"The app did not become healthy in 60 s; see {logFile}.");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Resident memory now (VmRSS), its peak since start (VmHWM), and the part of it that is the
    /// process's own (anonymous and JIT'd code) rather than mapped files such as the shared framework, in MB.
    /// </summary>
    public (double Rss, double Peak, double Private) Memory()
    {
        double rss = 0, peak = 0, own = 0;
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:")) rss = Kilobytes(line) / 1024.0;
            else if (line.StartsWith("VmHWM:")) peak = Kilobytes(line) / 1024.0;
            else if (line.StartsWith("RssAnon:") || line.StartsWith("RssShmem:")) own += Kilobytes(line) / 1024.0;
        }
        return (rss, peak, own);

        static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    /// <summary>
    /// CPU time of the runtime's tiered-compilation thread: while it keeps working, hot methods are
    /// still being re-jitted and the app has not reached its steady state.
    /// </summary>
    public TimeSpan JitCpuTime()
    {
        long ticks = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{process.Id}/task"))
        {
            string stat;
            try { stat = File.ReadAllText(Path.Combine(task, "stat")); }
            catch (IOException) { continue; } // the thread ended meanwhile
            var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
            if (!name.StartsWith(".NET Tiered", StringComparison.Ordinal)) continue;
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks += long.Parse(fields[11]) + long.Parse(fields[12]); // utime, stime (fields 14 and 15 of stat)
        }
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public TimeSpan CpuTime()
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
