using MovieNight.Migrations;
using MovieNight.Migrations.LegacyImport;

namespace MovieNight.Tests.Import;

/// <summary>
/// A household as the old SQLite app leaves it (ImportDatabase.Now is Thursday of 2026-W04): two
/// closed weeks, the current week open, a withdrawn and re-made nomination, a movie without a TMDB id
/// and year, ratings, a watch outside movie night, a winner whose nomination is gone, Erik's Trakt
/// link encrypted and Timea's in plain text (as when the old app ran without a key, then with one).
/// </summary>
internal static class OldAppHousehold
{
    public const string ErikAccess = "erik-access-token-4f1c", ErikRefresh = "erik-refresh-token-9a2b";
    public const string TimeaAccess = "timea-access-token-77aa", TimeaRefresh = "timea-refresh-token-0c3d";
    public static readonly DateTimeOffset ErikExpires = new(2026, 2, 20, 17, 30, 0, TimeSpan.Zero);

    public static string Write(ImportDatabase db, byte[]? key) => Write(db.Directory.File("movie-night.db"), key);

    public static string Write(string path, byte[]? key)
    {
        using var old = new OldAppDatabaseBuilder(path, key);
        old.UpsertUser("Erik", "👨‍💼", "1234").UpsertUser("Timea", "👩", "5678").UpsertUser("Jázmin", "👧").UpsertUser("Niki", "🧑", "");

        var inception = old.AddNomination("2026-W02", 27205, "Inception", "Erik", imdbId: "tt1375666");
        var arrival = old.AddNomination("2026-W02", 329865, "Arrival", "Timea");
        var unknown = old.AddNomination("2026-W02", 0, "Mystery Film", "Jázmin", year: "N/A", rating: 0, posterPath: null);
        old.AddVote("2026-W02", inception, "Timea");
        old.AddVote("2026-W02", inception, "Jázmin");
        old.AddVote("2026-W02", arrival, "Erik");
        old.AddVote("2026-W02", unknown, "Niki");
        old.SaveWeekResults("2026-W02", 27205, "Inception", 329865, "Arrival");

        // Erik withdraws Dune (its vote goes with it, ON DELETE CASCADE) and nominates Heat instead.
        var dune = old.AddNomination("2026-W03", 438631, "Dune", "Erik");
        old.AddVote("2026-W03", dune, "Timea");
        old.RemoveNomination("2026-W03", "Erik");
        var heat = old.AddNomination("2026-W03", 949, "Heat", "Erik");
        old.AddNomination("2026-W03", 14160, "Up", "Timea");
        old.AddVote("2026-W03", heat, "Timea");
        old.SaveWeekResults("2026-W03", 949, "Heat", 120, "The Fellowship of the Ring");

        var paddington = old.AddNomination("2026-W04", 116149, "Paddington", "Jázmin");
        old.AddVote("2026-W04", paddington, "Erik");

        old.MarkWatched("Timea", 27205, "Inception", "2026-W02", rating: 4);
        old.SetSynced("Timea", 27205);
        old.MarkWatched("Erik", 0, "Mystery Film", "2026-W02", rating: 5);
        old.MarkWatched("Jázmin", 8587, "The Lion King", week: null, rating: 3);
        old.MarkWatched("Niki", 949, "Heat", "2026-W03");

        old.SaveTraktAuth("Erik", "ErikWatches", ErikAccess, ErikRefresh, ErikExpires);
        if (key is null) old.SaveTraktAuth("Timea", "timea_t", TimeaAccess, TimeaRefresh, ErikExpires.AddDays(1));
        else old.Execute("""
            INSERT INTO trakt_auth (user_id, trakt_username, access_token, refresh_token, expires_at)
            SELECT id, 'timea_t', @access, @refresh, @expires FROM users WHERE name = 'Timea'
            """, new { access = TimeaAccess, refresh = TimeaRefresh, expires = ErikExpires.AddDays(1).ToUnixTimeMilliseconds() });
        return path;
    }

    public static TokenVault Vault(ImportDatabase db) => new(TokenVaultKey.Load(null, db.Directory.Path));

    public static ImportReport Import(ImportDatabase db, string path, byte[]? key, bool dryRun = false) =>
        new LegacyImporter(db.ConnectionString, ImportDatabase.Budapest, db.Time, () => Vault(db)).ImportSqlite(path, key, dryRun);
}
