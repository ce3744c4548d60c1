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
    long[] SortedLatencies, TimeSpan AppCpu, TimeSpan GeneratorCpu, TimeSpan MachineCpu, TimeSpan WarmUp, List<string> ErrorSamples)
{
    /// <summary>Cores' worth of CPU that other processes on the machine used meanwhile: not ours, but not available to us either.</summary>
    public double OtherCores => Math.Max(0, (MachineCpu - AppCpu - GeneratorCpu).TotalSeconds / Seconds);
    public double AppCores => AppCpu.TotalSeconds / Seconds;
    public double GeneratorCores => GeneratorCpu.TotalSeconds / Seconds;
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

        // Warm up for at least the time asked, then until the JIT has re-compiled the hot paths (tiered
        // compilation keeps a core busy for a while under load), so the figures are the steady state.
        var warming = Stopwatch.StartNew();
        await Task.Delay(warmup);
        var jit = app.JitCpuTime();
        while (warming.Elapsed < warmup + TimeSpan.FromSeconds(120))
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var now = app.JitCpuTime();
            if (now - jit < TimeSpan.FromMilliseconds(30)) break;
            jit = now;
        }
        var warmedUp = warming.Elapsed;
        var appCpu = app.CpuTime();
        var generatorCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var machineCpu = MachineBusy();
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, 1);
        await Task.Delay(duration);
        Volatile.Write(ref measuring, 2);
        var seconds = clock.Elapsed.TotalSeconds;
        var appUsed = app.CpuTime() - appCpu;
        var generatorUsed = Process.GetCurrentProcess().TotalProcessorTime - generatorCpu;
        var machineUsed = MachineBusy() - machineCpu;
        await Task.WhenAll(tasks);

        var latencies = recorders.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(latencies);
        return new LoadResult(name, loops.Count, latencies.Length + recorders.Sum(r => r.Errors), recorders.Sum(r => r.Errors),
            recorders.Sum(r => r.FromCache), seconds, latencies, appUsed, generatorUsed, machineUsed, warmedUp,
            recorders.SelectMany(r => r.ErrorSamples).Take(5).ToList());
    }

    /// <summary>
    /// Waits (up to <paramref name="patience"/>) until other processes leave the cores alone, so a
    /// build or test run elsewhere on the machine does not end up in the figures.
    /// </summary>
    public static async Task WaitForQuietAsync(AppProcess app, TimeSpan patience)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var (machine, appCpu, own) = (MachineBusy(), app.CpuTime(), Process.GetCurrentProcess().TotalProcessorTime);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var other = (MachineBusy() - machine - (app.CpuTime() - appCpu) - (Process.GetCurrentProcess().TotalProcessorTime - own)).TotalSeconds / 2;
            if (other < 0.15) return;
            if (waited.Elapsed > patience)
            {
                Console.WriteLine($"  (other processes still use {other:F2} cores after {patience.TotalSeconds:F0} s; measuring anyway)");
                return;
            }
            if (waited.Elapsed < TimeSpan.FromSeconds(3)) Console.WriteLine($"  (other processes use {other:F2} cores; waiting for the machine to quieten)");
        }
    }

    /// <summary>CPU time all processes have used since boot (the first line of /proc/stat, less idle and iowait).</summary>
    public static TimeSpan MachineBusy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user): in USER_HZ, 100 a second.
        var busy = fields.Take(8).Sum() - fields[3] - fields[4];
        return TimeSpan.FromSeconds(busy / 100.0);
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
