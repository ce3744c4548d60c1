using Microsoft.Data.Sqlite;
using MovieNight.Migrations.LegacyImport;

namespace MovieNight.Migrations;

/// <summary>
/// The command line: <c>migrate --db &lt;file&gt;</c> and
/// <c>import-json &lt;data.json&gt; --db &lt;file&gt; [--dry-run] [--tz &lt;IANA zone&gt;]</c> and
/// <c>restore &lt;backup&gt; --db &lt;file&gt;</c> and
/// <c>import-sqlite &lt;movie-night.db&gt; --db &lt;file&gt; [--dry-run] [--old-key &lt;hex&gt;]</c>.
/// Reports go to <paramref name="output"/>, errors to <paramref name="error"/>; kept free of Console so tests run it in-process.
/// </summary>
public static class Cli
{
    private const string Usage = """
        usage:
          migrate --db <file>
          import-json <data.json> --db <file> [--dry-run] [--tz <IANA time zone>]
          restore <backup.db> --db <file>     (MovieNight must be stopped)
          import-sqlite <movie-night.db> --db <file> [--dry-run] [--old-key <64 hex digits>]
        The household time zone defaults to the TZ environment variable, else UTC.
        The old app's key defaults to TRAKT_ENCRYPTION_KEY; Trakt tokens are sealed with MovieNight's key
        (TRAKT_ENCRYPTION_KEY, else trakt-encryption.key beside the database).
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(args, output, error, TimeProvider.System, Environment.GetEnvironmentVariable("TZ"), Environment.GetEnvironmentVariable("TRAKT_ENCRYPTION_KEY"));

    /// <param name="tzVariable">The TZ environment variable's value (a parameter so tests need not set it).</param>
    /// <param name="keyVariable">TRAKT_ENCRYPTION_KEY's value: the old app's key unless --old-key is given, and MovieNight's.</param>
    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider time, string? tzVariable, string? keyVariable = null)
    {
        try
        {
            switch (args)
            {
                case ["migrate", .. var rest] when Options.Parse(rest) is { Db: { } db, DataFile: null, DryRun: false, TimeZone: null, OldKey: null }:
                    var applied = new Migrator(Sqlite.ConnectionString(db), time).Migrate();
                    output.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s).");
                    return 0;
                case ["import-json", .. var rest] when Options.Parse(rest) is { Db: { } db, DataFile: { } dataFile, OldKey: null } options:
                    var zone = HouseholdTimeZone(options.TimeZone ?? tzVariable);
                    var report = new LegacyImporter(Sqlite.ConnectionString(db), zone, time).Import(dataFile, options.DryRun);
                    output.Write(report.ToText());
                    if (!options.DryRun) PrintSetupCodes(Sqlite.ConnectionString(db), time, output);
                    return 0;
                case ["restore", .. var rest] when Options.Parse(rest) is { Db: { } db, DataFile: { } backup, DryRun: false, TimeZone: null, OldKey: null }:
                    output.WriteLine(BackupRestore.Restore(backup, db, time));
                    return 0;
                case ["import-sqlite", .. var rest] when Options.Parse(rest) is { Db: { } db, DataFile: { } oldDatabase, TimeZone: null } options:
                    var sqliteReport = SqliteImporter(db, keyVariable, time).ImportSqlite(oldDatabase, OldKey(options.OldKey ?? keyVariable, options.OldKey is not null), options.DryRun);
                    output.Write(sqliteReport.ToText());
                    if (!options.DryRun) PrintSetupCodes(Sqlite.ConnectionString(db), time, output);
                    return 0;
                default:
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (e is LegacyImportException or DatabaseRefusedException or InvalidOperationException or SqliteException
                                       or IOException or UnauthorizedAccessException or ArgumentException
                                       or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            error.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary>Members without a PIN choose one with a one-time code: this is the only time it is shown.</summary>
    private static void PrintSetupCodes(string connectionString, TimeProvider time, TextWriter output)
    {
        using var connection = Sqlite.Open(connectionString);
        var codes = SetupCodes.IssueForMembersWithoutPin(connection, time);
        if (codes.Count == 0) return;
        output.WriteLine($"Setup codes (valid {SetupCodes.Lifetime.TotalHours:0} hours, each works once; give each member theirs to choose a PIN at sign-in):");
        foreach (var (name, code) in codes) output.WriteLine($"  {name}: {code}");
    }

    /// <summary>Weeks are stored in the old database, so the time zone plays no part here.</summary>
    private static LegacyImporter SqliteImporter(string db, string? keyVariable, TimeProvider time)
    {
        var dataDirectory = Path.GetDirectoryName(Path.GetFullPath(db))!;
        return new LegacyImporter(Sqlite.ConnectionString(db), TimeZoneInfo.Utc, time, () => new TokenVault(TokenVaultKey.Load(keyVariable, dataDirectory)));
    }

    /// <summary>A malformed --old-key is an error; a TRAKT_ENCRYPTION_KEY that is not hex was never the old app's key.</summary>
    private static byte[]? OldKey(string? text, bool given)
    {
        if (OldAppTokens.TryParseKey(text, out var key)) return key;
        if (given) throw new ArgumentException("--old-key must be the old app's TRAKT_ENCRYPTION_KEY: 64 hex digits.");
        return null;
    }

    private static TimeZoneInfo HouseholdTimeZone(string? id)
    {
        // glibc accepts TZ=":Europe/Budapest"; an empty TZ means UTC.
        id = id?.TrimStart(':');
        return string.IsNullOrWhiteSpace(id) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(id);
    }

    private sealed record Options(string? Db, string? DataFile, bool DryRun, string? TimeZone, string? OldKey)
    {
        /// <summary>Null when an argument is unknown, repeated or missing its value.</summary>
        public static Options? Parse(ReadOnlySpan<string> args)
        {
            string? db = null, dataFile = null, zone = null, oldKey = null;
            var dryRun = false;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--db" when db is null && i + 1 < args.Length: db = args[++i]; break;
                    case "--tz" when zone is null && i + 1 < args.Length: zone = args[++i]; break;
                    case "--old-key" when oldKey is null && i + 1 < args.Length: oldKey = args[++i]; break;
                    case "--dry-run" when !dryRun: dryRun = true; break;
                    case var value when !value.StartsWith("--", StringComparison.Ordinal) && dataFile is null: dataFile = value; break;
                    default: return null;
                }
            }
            return new Options(db, dataFile, dryRun, zone, oldKey);
        }
    }
}
