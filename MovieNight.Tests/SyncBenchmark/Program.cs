// The Trakt sync benchmark of issue 8: a member holding 10,000 plays, 2,000 ratings and 500 watchlist
// items on the fake Trakt (real rate limits, pages of 250, no added latency); the real app's sync
// (TraktSyncRuns.StartAsync + TraktSync.ExecuteAsync, as the Hangfire job runs it) for: the first
// import, a sync with nothing new, and pushing 500 pending watches. Prints the requests the fake saw
// (by method and path), wall and CPU time, memory, and a reference measured in the same run: the same
// requests sent by a plain HttpClient to the same fake (the floor the fake and its rate limits set).
// Exit code 1 when a request-count target (or the sync's own result) is missed.
//
// Each round uses a new member and Trakt account in the same process (warmed up by a small member first).
//
//   dotnet MovieNight.SyncBenchmark.dll [--plays 10000] [--ratings 2000] [--watchlist 500] [--push 500] [--rounds 3]

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MovieNight.Migrations;
using MovieNight.Tests.Fakes;
using MovieNight.Web.Data;
using MovieNight.Web.Household;
using MovieNight.Web.Trakt;

namespace MovieNight.SyncBenchmark;

public static class Bench
{
    private const int PageSize = 250; // Trakt's clamp, and what the app asks for
    private static readonly DateTimeOffset Start = new(2015, 1, 1, 20, 0, 0, TimeSpan.Zero);
    private static readonly List<string> Failures = [];

    public static async Task<int> Main(string[] args)
    {
        var plays = Option(args, "--plays", 10_000);
        var ratingCount = Option(args, "--ratings", 2_000);
        var watchlistCount = Option(args, "--watchlist", 500);
        var pushCount = Option(args, "--push", 500);
        var rounds = Option(args, "--rounds", 3);
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

        Console.WriteLine($"Trakt sync benchmark: {plays:N0} plays, {ratingCount:N0} ratings, {watchlistCount:N0} watchlist items, {pushCount:N0} watches to push; {rounds} rounds");
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, "
            + $"load average {LoadAverage()} before the run");

        await using var fake = await FakeTraktServer.StartAsync();
        var data = Directory.CreateTempSubdirectory("movienight-syncbench-");
        try
        {
            await using var app = new App(data.FullName, fake);
            var members = app.Services.GetRequiredService<MemberStore>();
            var adminId = (await members.CreateFirstAdminAsync("Erik", "🍿", "1234"))!.Value;

            // Warm-up, so that the measured runs are not the JIT's first: a small member through the same three steps.
            var warmUser = fake.AddUser("warm_up");
            Seed(warmUser, plays: 300, ratings: 30, watchlist: 20, movieBase: 600_000);
            await LinkAsync(app, fake, adminId, warmUser);
            await SyncAsync(app, adminId);
            await SyncAsync(app, adminId);
            await AddLocalWatchesAsync(app, adminId, Enumerable.Range(0, 10).Select(i => 600_000 + i));
            await SyncAsync(app, adminId);
            var refWarm = fake.AddUser("reference_warm_up");
            Seed(refWarm, plays: 300, ratings: 30, watchlist: 20, movieBase: 600_000);
            using (var warmHttp = Plain(fake, fake.IssueTokens(refWarm).AccessToken))
                await ReferenceReadsAsync(warmHttp, 300, 30, 20);

            var pages = Pages(plays) + Pages(ratingCount) + Pages(watchlistCount);
            var rows = new List<Row>();
            for (var round = 1; round <= rounds; round++)
            {
                Console.WriteLine();
                Console.WriteLine($"######## Round {round} of {rounds} (a new member and Trakt account; load average {LoadAverage()})");
                rows.AddRange(await RoundAsync(app, fake, members, round, plays, ratingCount, watchlistCount, pushCount, pages));
            }

            Console.WriteLine();
            Console.WriteLine("| Scenario | Round | Requests | Wall ms | Reference ms | Time / reference | CPU ms (reference) | Peak RSS MB (before) | Peak GC heap MB | Allocated MB |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var row in rows)
                Console.WriteLine($"| {row.Name} | {row.Round} | {row.Sync.Requests.Count} | {row.Sync.Wall.TotalMilliseconds:F0} | {row.Reference.Wall.TotalMilliseconds:F1} | "
                    + $"{row.Sync.Wall / row.Reference.Wall:F2} | {row.Sync.Cpu.TotalMilliseconds:F0} ({row.Reference.Cpu.TotalMilliseconds:F0}) | "
                    + $"{Mb(row.Sync.Memory.PeakRss)} ({Mb(row.Sync.Memory.RssBefore)}) | "
                    + $"{Mb(row.Sync.Memory.PeakHeap)} | {Mb(row.Sync.Memory.Allocated)} |");
            Console.WriteLine();
            foreach (var scenario in rows.GroupBy(r => r.Name))
            {
                var wall = Median(scenario.Select(r => r.Sync.Wall.TotalMilliseconds));
                var reference = Median(scenario.Select(r => r.Reference.Wall.TotalMilliseconds));
                var ratio = Median(scenario.Select(r => r.Sync.Wall / r.Reference.Wall));
                var cpu = Median(scenario.Select(r => r.Sync.Cpu.TotalMilliseconds));
                Console.WriteLine($"Median of {scenario.Count()}: {scenario.Key}: {wall:F0} ms, reference {reference:F1} ms, time / reference {ratio:F2}, CPU {cpu:F0} ms; "
                    + $"requests {string.Join("/", scenario.Select(r => r.Sync.Requests.Count).Distinct())}; peak RSS up to {Mb(scenario.Max(r => r.Sync.Memory.PeakRss))} MB");
            }
            Console.WriteLine($"Load average after the run: {LoadAverage()}. Memory is the whole benchmark process: the app, the fake Trakt "
                + $"(holding every seeded account) and the reference client; peak RSS from {(MemorySampler.HighWaterMarkResets ? "VmHWM reset per scenario and 5 ms samples" : "5 ms samples")}.");
        }
        finally
        {
            try { data.Delete(recursive: true); } catch (IOException) { }
        }

        Console.WriteLine();
        if (Failures.Count == 0)
        {
            Console.WriteLine("All request-count targets met.");
            return 0;
        }
        foreach (var failure in Failures) Console.WriteLine($"MISSED: {failure}");
        return 1;
    }

    private static async Task<List<Row>> RoundAsync(App app, FakeTraktServer fake, MemberStore members, int round,
        int plays, int ratingCount, int watchlistCount, int pushCount, int pages)
    {
        // The member of the issue, and a second Trakt account holding the same data for the reference.
        var movieBase = 1_000_000 * round;
        var user = fake.AddUser($"timea_watches_{round}");
        Seed(user, plays, ratingCount, watchlistCount, movieBase);
        var twin = fake.AddUser($"reference_twin_{round}");
        Seed(twin, plays, ratingCount, watchlistCount, movieBase);
        var timeaId = (await members.AddAsync($"Timea {round}", "🎬", "1234"))!.Value;
        await LinkAsync(app, fake, timeaId, user);
        using var reference = Plain(fake, fake.IssueTokens(twin).AccessToken);
        GC.Collect();
        var rows = new List<Row>();

        // 1. The first import.
        // The reference: median of 5 passes right before (one loaded core makes single passes jump 10x).
        var refRead = await MeasureReferenceAsync(() => ReferenceReadsAsync(reference, plays, ratingCount, watchlistCount), passes: 5);
        var first = await MeasureSyncAsync(app, fake, timeaId);
        Report("First import", first, refRead, $"{pages + 1} GETs: last_activities + {pages} pages of {PageSize}");
        Check(first.Run.Status == SyncStatus.Completed, $"first import ended {first.Run.Status}: {string.Join("; ", first.Run.Errors)}");
        Check((first.Run.HistoryPulled, first.Run.RatingsPulled, first.Run.WatchlistPulled) == (plays, ratingCount, watchlistCount),
            $"first import pulled {first.Run.HistoryPulled}/{first.Run.RatingsPulled}/{first.Run.WatchlistPulled}, expected {plays}/{ratingCount}/{watchlistCount}");
        var allowed = pages + 2; // the pages, plus last_activities and settings
        Target("first import: requests <= pages + last_activities + settings", first.Requests.Count <= allowed,
            $"{first.Requests.Count} requests, at most {allowed} allowed ({pages} pages + 2)");
        Target("first import: every request a page, last_activities or settings, none refused",
            first.Requests.All(r => r.Method == "GET" && r.Status == 200 && r.Path is "/sync/last_activities" or "/users/settings" or "/sync/history/movies"
                or "/sync/ratings/movies" or "/sync/watchlist/movies/added/asc"),
            string.Join(", ", Group(first.Requests)));
        TimeTarget("first import under 10 s (no added latency)", first.Wall < TimeSpan.FromSeconds(10), $"{first.Wall.TotalSeconds:F2} s");
        rows.Add(new Row("First import", round, first, refRead));

        // 2. A sync with nothing new.
        // A few milliseconds each: 11 syncs and 11 reference GETs, medians; the request target is checked on every one.
        var refNoChange = await MeasureReferenceAsync(() => ReferenceGetAsync(reference, "/sync/last_activities"), passes: 11);
        var nones = new List<Measured>();
        for (var i = 0; i < 11; i++) nones.Add(await MeasureSyncAsync(app, fake, timeaId));
        var none = nones.OrderBy(n => n.Wall).ElementAt(nones.Count / 2);
        Report("No-change sync", none, refNoChange, "1 GET /sync/last_activities");
        Console.WriteLine($"  of {nones.Count} no-change syncs: {nones.Min(n => n.Wall.TotalMilliseconds):F1}–{nones.Max(n => n.Wall.TotalMilliseconds):F1} ms, median shown");
        Check(nones.All(n => n.Run.Status == SyncStatus.Completed), $"a no-change sync did not complete: {string.Join("; ", nones.SelectMany(n => n.Run.Errors))}");
        var extra = nones.FirstOrDefault(n => n.Requests.Count != 1 || n.Requests[0].Path != "/sync/last_activities") ?? none;
        Target($"no-change sync: exactly 1 request (each of {nones.Count})", nones.All(n => n.Requests.Count == 1 && n.Requests[0].Path == "/sync/last_activities"),
            string.Join(", ", extra.Requests.Select(r => $"{r.Method} {r.Path}")));
        rows.Add(new Row("No-change sync", round, none, refNoChange));

        // 3. Pushing pending watches (movies Trakt knows: the watchlist's).
        var pushIds = Enumerable.Range(0, pushCount).Select(i => movieBase + 200_000 + i % Math.Max(1, watchlistCount)).ToList();
        await AddLocalWatchesAsync(app, timeaId, pushIds);
        var pushTwin = fake.AddUser($"reference_push_{round}");
        var refPush = await MeasureReferenceAsync(() => ReferencePushAsync(fake, pushTwin, pushIds));
        var push = await MeasureSyncAsync(app, fake, timeaId);
        var posts = push.Requests.Count(r => r.Method == "POST" && r.Path == "/sync/history");
        var chunks = (pushCount + 99) / 100;
        Report("Push pending watches", push, refPush, $"{chunks} POST /sync/history of up to 100, 1 write/s (+ last_activities)");
        Check(push.Run.Status == SyncStatus.Completed && push.Run.WatchesPushed == pushCount,
            $"push ended {push.Run.Status} with {push.Run.WatchesPushed} of {pushCount} pushed: {string.Join("; ", push.Run.Errors)}");
        Check(user.Plays.Count == plays + pushCount, $"Trakt holds {user.Plays.Count} plays, expected {plays + pushCount}");
        Target($"push: {pushCount} watches go out in at most 5 requests (POST /sync/history)", posts <= 5 && posts * 100 >= pushCount,
            $"{posts} POST /sync/history");
        Target("push: no request besides last_activities and the POSTs, none refused",
            push.Requests.Count == posts + 1 && push.Requests.All(r => r.Status is 200 or 201), $"{push.Requests.Count} requests in all: " + string.Join(", ", Group(push.Requests)));
        rows.Add(new Row("Push pending watches", round, push, refPush));
        return rows;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    // ---- The app -------------------------------------------------------------------------------

    /// <summary>The real app (Production, its own data directory) pointed at the fake Trakt.</summary>
    private sealed class App(string dataDir, FakeTraktServer fake) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("TZ", "Europe/Budapest");
            builder.UseSetting("MOVIENIGHT_DATA_DIR", dataDir);
            builder.UseSetting("Trakt:ApiBaseUrl", fake.ApiBaseUrl);
            builder.UseSetting("Trakt:AuthBaseUrl", fake.AuthBaseUrl);
            builder.UseSetting("TRAKT_CLIENT_ID", fake.ClientId);
            builder.UseSetting("TRAKT_CLIENT_SECRET", fake.ClientSecret);
            // Warnings still print (a 429 or a failed call would show); the per-request information lines do not.
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }

    private static async Task LinkAsync(App app, FakeTraktServer fake, long memberId, FakeTraktUser user)
    {
        var tokens = fake.IssueTokens(user);
        var token = new TraktJson.Token(tokens.AccessToken, tokens.RefreshToken, (long)(tokens.ExpiresAt - tokens.CreatedAt).TotalSeconds,
            tokens.CreatedAt.ToUnixTimeSeconds(), "public");
        var saved = await app.Services.GetRequiredService<TraktTokenStore>().SaveLinkAsync(memberId, token, TraktTokens.OutOfBandRedirect,
            new TraktAccount(user.Username, user.Slug, user.Uuid, user.Vip));
        if (!saved) throw new InvalidOperationException($"Could not link member {memberId} to {user.Username}");
    }

    /// <summary>As the Hangfire job: a recorded run, executed, then read back.</summary>
    private static async Task<SyncRun> SyncAsync(App app, long memberId)
    {
        var runs = app.Services.GetRequiredService<TraktSyncRuns>();
        var runId = await runs.StartAsync(memberId, "benchmark") ?? throw new InvalidOperationException("A sync is already running");
        await app.Services.GetRequiredService<TraktSync>().ExecuteAsync(runId, CancellationToken.None);
        return (await runs.FindAsync(runId))!;
    }

    private static async Task AddLocalWatchesAsync(App app, long memberId, IEnumerable<int> tmdbIds)
    {
        await using var connection = app.Services.GetRequiredService<Db>().OpenConnection();
        await using var transaction = connection.BeginTransaction();
        var at = new DateTimeOffset(2026, 6, 1, 20, 0, 0, TimeSpan.Zero);
        var i = 0;
        foreach (var tmdbId in tmdbIds)
            await connection.ExecuteAsync("INSERT INTO watch_history (user_id, tmdb_id, watched_at, synced_to_trakt) VALUES (@memberId, @tmdbId, @at, 0)",
                new { memberId, tmdbId, at = SqliteTime.ToText(at.AddHours(i++)) }, transaction);
        await transaction.CommitAsync();
    }

    /// <summary>Plays over plays/2 movies (each watched twice), ratings of the first movies, a watchlist of other movies.</summary>
    private static void Seed(FakeTraktUser user, int plays, int ratings, int watchlist, int movieBase)
    {
        var movies = Math.Max(1, plays / 2);
        for (var i = 0; i < plays; i++)
            user.AddPlay(movieBase + i % movies, $"Movie {i % movies}", 1950 + i % 75, Start.AddHours(7.0 * i));
        for (var i = 0; i < ratings; i++)
            user.AddRating(movieBase + i, $"Movie {i}", 1950 + i % 75, 1 + i % 10, Start.AddHours(7.0 * i + 3));
        for (var i = 0; i < watchlist; i++)
            user.AddToWatchlist(movieBase + 200_000 + i, $"Wanted {i}", 2000 + i % 27, Start.AddDays(i));
    }

    // ---- Measuring -----------------------------------------------------------------------------

    private sealed record Request(string Method, string Path, string Query, int Status);
    private sealed record Memory(long RssBefore, long PeakRss, long PeakHeap, long Allocated);
    private sealed record Measured(SyncRun Run, List<Request> Requests, TimeSpan Wall, TimeSpan Cpu, Memory Memory);
    private sealed record ReferenceRun(TimeSpan Wall, TimeSpan Cpu, int Requests);
    private sealed record Row(string Name, int Round, Measured Sync, ReferenceRun Reference);

    private static async Task<Measured> MeasureSyncAsync(App app, FakeTraktServer fake, long memberId)
    {
        var before = fake.Requests.Count;
        using var sampler = new MemorySampler();
        var cpu = CpuTime();
        var clock = Stopwatch.StartNew();
        var run = await SyncAsync(app, memberId);
        clock.Stop();
        cpu = CpuTime() - cpu;
        var memory = sampler.Stop();
        var requests = fake.Requests.Skip(before).Select(r => new Request(r.Method, r.Path, r.Query, r.Status)).ToList();
        return new Measured(run, requests, clock.Elapsed, cpu, memory);
    }

    /// <summary>CPU time of the whole process (the app, the fake, the reference client; Hangfire's pollers too).</summary>
    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>The median (by wall time) of <paramref name="passes"/> passes of the reference.</summary>
    private static async Task<ReferenceRun> MeasureReferenceAsync(Func<Task<int>> reference, int passes = 1)
    {
        var runs = new List<ReferenceRun>();
        for (var i = 0; i < passes; i++)
        {
            var cpu = CpuTime();
            var clock = Stopwatch.StartNew();
            var requests = await reference();
            clock.Stop();
            runs.Add(new ReferenceRun(clock.Elapsed, CpuTime() - cpu, requests));
        }
        return runs.OrderBy(r => r.Wall).ElementAt(runs.Count / 2);
    }

    /// <summary>
    /// Peak resident set (VmHWM, reset through /proc/self/clear_refs where the kernel allows, else sampled
    /// every 5 ms), peak GC heap (sampled), and bytes allocated by all threads during the scenario.
    /// </summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly long rssBefore = Environment.WorkingSet, allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        private readonly bool hwmReset = ResetHighWaterMark();
        public static bool HighWaterMarkResets { get; private set; }
        private readonly Thread thread;
        private volatile bool stop;
        private long peakRss, peakHeap;

        public MemorySampler()
        {
            peakRss = rssBefore;
            peakHeap = GC.GetTotalMemory(false);
            thread = new Thread(() =>
            {
                while (!stop)
                {
                    peakRss = Math.Max(peakRss, Environment.WorkingSet);
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                    Thread.Sleep(5);
                }
            }) { IsBackground = true };
            thread.Start();
        }

        public Memory Stop()
        {
            stop = true;
            thread.Join();
            var peak = Math.Max(peakRss, Environment.WorkingSet);
            if (hwmReset && ReadHighWaterMark() is { } hwm) peak = Math.Max(peak, hwm);
            return new Memory(rssBefore, peak, Math.Max(peakHeap, GC.GetTotalMemory(false)), GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
        }

        public void Dispose() => stop = true;

        private static bool ResetHighWaterMark()
        {
            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
                return HighWaterMarkResets = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static long? ReadHighWaterMark()
        {
            try
            {
                var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    // ---- The reference: a plain HttpClient against the same fake ---------------------------------

    private static HttpClient Plain(FakeTraktServer fake, string accessToken)
    {
        var http = new HttpClient { BaseAddress = new Uri(fake.ApiBaseUrl) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("MovieNight-SyncBenchmark/1.0");
        http.DefaultRequestHeaders.Add("trakt-api-version", "2");
        http.DefaultRequestHeaders.Add("trakt-api-key", fake.ClientId);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http;
    }

    /// <summary>The first import's reads, one after another, bodies read whole and not parsed: last_activities and every page.</summary>
    private static async Task<int> ReferenceReadsAsync(HttpClient http, int plays, int ratings, int watchlist)
    {
        var requests = await ReferenceGetAsync(http, "/sync/last_activities");
        foreach (var (path, count) in new[] { ("/sync/history/movies", plays), ("/sync/ratings/movies", ratings), ("/sync/watchlist/movies/added/asc", watchlist) })
            for (var page = 1; page <= Pages(count); page++)
                requests += await ReferenceGetAsync(http, $"{path}?page={page}&limit={PageSize}");
        return requests;
    }

    private static async Task<int> ReferenceGetAsync(HttpClient http, string pathAndQuery)
    {
        using var response = await http.GetAsync(pathAndQuery);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        return 1;
    }

    /// <summary>
    /// The same watches POSTed in chunks of 100 for another Trakt account, each a second after the previous one was sent,
    /// as Trakt allows (1 write/s). Returns the POSTs sent, including any the fake refused as too early.
    /// </summary>
    private static async Task<int> ReferencePushAsync(FakeTraktServer fake, FakeTraktUser user, List<int> tmdbIds)
    {
        using var http = Plain(fake, fake.IssueTokens(user).AccessToken);
        var at = new DateTimeOffset(2026, 6, 1, 20, 0, 0, TimeSpan.Zero);
        var requests = 0;
        long? lastSent = null;
        foreach (var chunk in tmdbIds.Select((id, i) => (id, i)).Chunk(100))
        {
            if (lastSent is { } last && Stopwatch.GetElapsedTime(last) is var since && since < TimeSpan.FromSeconds(1))
                await Task.Delay(TimeSpan.FromSeconds(1) - since + TimeSpan.FromMilliseconds(1));
            var body = JsonSerializer.Serialize(new { movies = chunk.Select(w => new { ids = new { tmdb = w.id }, watched_at = SqliteTime.ToText(at.AddHours(w.i)) }) });
            while (true)
            {
                lastSent = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("/sync/history", new StringContent(body, Encoding.UTF8, "application/json"));
                requests++;
                // The fake counts the second from when it admitted the previous write, a little after we sent it:
                // a 429 (nothing written) is retried shortly, so the reference stays at the floor.
                if ((int)response.StatusCode == 429)
                {
                    await Task.Delay(20);
                    continue;
                }
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
                break;
            }
        }
        return requests;
    }

    // ---- Output ---------------------------------------------------------------------------------

    private static void Report(string name, Measured sync, ReferenceRun reference, string expected)
    {
        Console.WriteLine();
        Console.WriteLine($"== {name} ==  ({sync.Run.Status}; pulled {sync.Run.HistoryPulled} plays, {sync.Run.RatingsPulled} ratings, "
            + $"{sync.Run.WatchlistPulled} watchlist items; pushed {sync.Run.WatchesPushed} watches, {sync.Run.RatingsPushed} ratings)");
        Console.WriteLine($"  requests: {sync.Requests.Count} (floor: {expected})");
        foreach (var line in Group(sync.Requests)) Console.WriteLine($"    {line}");
        Console.WriteLine($"  wall time: {sync.Wall.TotalMilliseconds:F1} ms; reference (plain HttpClient, {reference.Requests} requests to the same fake): "
            + $"{reference.Wall.TotalMilliseconds:F1} ms; time / reference: {sync.Wall / reference.Wall:F2}");
        Console.WriteLine($"  CPU time (process): {sync.Cpu.TotalMilliseconds:F0} ms; reference {reference.Cpu.TotalMilliseconds:F0} ms");
        Console.WriteLine($"  memory (process): RSS {Mb(sync.Memory.RssBefore)} MB before, peak {Mb(sync.Memory.PeakRss)} MB; "
            + $"peak GC heap {Mb(sync.Memory.PeakHeap)} MB; allocated {Mb(sync.Memory.Allocated)} MB");
    }

    private static IEnumerable<string> Group(List<Request> requests) =>
        requests.GroupBy(r => (r.Method, r.Path)).Select(g =>
            $"{g.Count(),4} × {g.Key.Method} {g.Key.Path}  [{string.Join(", ", g.GroupBy(r => r.Status).Select(s => $"{s.Count()}×{s.Key}"))}]");

    private static void Target(string name, bool met, string detail)
    {
        Console.WriteLine($"  target {(met ? "met" : "MISSED")}: {name} — {detail}");
        if (!met) Failures.Add($"{name}: {detail}");
    }

    /// <summary>A time target: reported, not part of the exit code (machines differ by 2x; the ratio is the figure to compare).</summary>
    private static void TimeTarget(string name, bool met, string detail) =>
        Console.WriteLine($"  time target {(met ? "met" : "MISSED")}: {name} — {detail}");

    private static void Check(bool ok, string problem)
    {
        if (ok) return;
        Console.WriteLine($"  CHECK FAILED: {problem}");
        Failures.Add(problem);
    }

    private static int Pages(int items) => Math.Max(1, (items + PageSize - 1) / PageSize);

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);

    private static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
