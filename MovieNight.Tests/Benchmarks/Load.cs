using System.Diagnostics;

namespace MovieNight.Benchmarks;

/// <summary>One client's loop: one connection, one request at a time (closed loop, as wrk does).</summary>
public interface ILoadLoop : IAsyncDisposable
{
    /// <summary>The timed request. False when the response was wrong (counted as an error).</summary>
    ValueTask<(bool Ok, bool FromCache)> StepAsync();

    /// <summary>Untimed work between requests: consistency checks.</summary>
    ValueTask AfterStepAsync() => ValueTask.CompletedTask;

    /// <summary>After an exception: reconnect and relearn what the loop tracks.</summary>
    ValueTask RecoverAsync();
}

public sealed record LoadResult(string Name, int Connections, long Requests, long Errors, long FromCache, double Seconds,
    long[] SortedLatencies, TimeSpan AppCpu, TimeSpan GeneratorCpu, List<string> ErrorSamples)
{
    public double RequestsPerSecond => Requests / Seconds;
    public double Percentile(double q) =>
        SortedLatencies.Length == 0 ? double.NaN
        : SortedLatencies[Math.Min(SortedLatencies.Length - 1, (int)Math.Ceiling(q * SortedLatencies.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
    public double Max => SortedLatencies.Length == 0 ? double.NaN : SortedLatencies[^1] * 1000.0 / Stopwatch.Frequency;
    /// <summary>CPU time per request in microseconds: where the two cores went.</summary>
    public double AppMicrosPerRequest => AppCpu.TotalMicroseconds / Math.Max(1, Requests);
    public double GeneratorMicrosPerRequest => GeneratorCpu.TotalMicroseconds / Math.Max(1, Requests);
}

public static class Load
{
    /// <summary>Runs the loops for the warm-up, then records every request started in the measured window.</summary>
    public static async Task<LoadResult> RunAsync(string name, AppProcess app, IReadOnlyList<ILoadLoop> loops, TimeSpan warmup, TimeSpan duration)
    {
        var measuring = 0; // 0 warm-up, 1 measuring, 2 stop
        var recorders = loops.Select(_ => new Recorder()).ToArray();
        var tasks = loops.Select((loop, i) => Task.Run(() => RunLoopAsync(loop, recorders[i], () => Volatile.Read(ref measuring)))).ToArray();

        await Task.Delay(warmup);
        var appCpu = app.CpuTime();
        var generatorCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(duration);
        Volatile.Write(ref measuring, 2);
        var seconds = clock.Elapsed.TotalSeconds;
        var appUsed = app.CpuTime() - appCpu;
        var generatorUsed = Process.GetCurrentProcess().TotalProcessorTime - generatorCpu;
        await Task.WhenAll(tasks);

        var latencies = recorders.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(latencies);
        return new LoadResult(name, loops.Count, latencies.Length + recorders.Sum(r => r.Errors), recorders.Sum(r => r.Errors),
            recorders.Sum(r => r.FromCache), seconds, latencies, appUsed, generatorUsed,
            recorders.SelectMany(r => r.ErrorSamples).Take(5).ToList());
    }

    private sealed class Recorder
    {
        public readonly List<long> Latencies = new(200_000);
        public long Errors, FromCache;
        public readonly List<string> ErrorSamples = [];
    }

    private static async Task RunLoopAsync(ILoadLoop loop, Recorder recorder, Func<int> phase)
    {
        while (true)
        {
            var started = phase();
            if (started == 2) return;
            var t0 = Stopwatch.GetTimestamp();
            bool ok, cached;
            try
            {
                (ok, cached) = await loop.StepAsync();
            }
            catch (Exception e)
            {
                if (started == 1)
                {
                    recorder.Errors++;
                    if (recorder.ErrorSamples.Count < 2) recorder.ErrorSamples.Add(e.Message);
                }
                await loop.RecoverAsync();
                continue;
            }
            var elapsed = Stopwatch.GetTimestamp() - t0;
            if (started == 1)
            {
                if (!ok) recorder.Errors++;
                else
                {
                    recorder.Latencies.Add(elapsed);
                    if (cached) recorder.FromCache++;
                }
            }
            await loop.AfterStepAsync();
        }
    }
}
