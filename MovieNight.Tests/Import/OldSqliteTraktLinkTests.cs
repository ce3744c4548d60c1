using MovieNight.Migrations;

namespace MovieNight.Tests.Import;

/// <summary>Trakt links carried over from movie-night.db: decrypted with the old key, sealed by MovieNight's vault.</summary>
public sealed class OldSqliteTraktLinkTests
{
    private sealed record Link(long UserId, string TraktUser, string Slug, string? Uuid, string Access, string Refresh, string ExpiresAt, string? RedirectUri, string? RelinkReason);

    private static List<Link> Links(ImportDatabase db) => db.Query<Link>("""
        SELECT user_id AS UserId, trakt_user AS TraktUser, trakt_slug AS Slug, trakt_uuid AS Uuid, access_token AS Access,
               refresh_token AS Refresh, expires_at AS ExpiresAt, redirect_uri AS RedirectUri, relink_reason AS RelinkReason
        FROM trakt_auth ORDER BY user_id
        """);

    [Fact]
    public void Encrypted_and_plain_tokens_are_sealed_by_the_vault_under_the_new_member_ids()
    {
        using var db = new ImportDatabase();
        var key = OldAppDatabaseBuilder.NewKey();
        OldAppHousehold.Import(db, OldAppHousehold.Write(db, key), key);
        var vault = OldAppHousehold.Vault(db);

        var links = Links(db);

        Assert.Equal(2, links.Count);
        var (erik, timea) = (links[0], links[1]);
        Assert.Equal(("ErikWatches", "erikwatches", null, null, null), (erik.TraktUser, erik.Slug, erik.Uuid, erik.RedirectUri, erik.RelinkReason));
        Assert.StartsWith("v1:", erik.Access);
        Assert.Equal(OldAppHousehold.ErikAccess, vault.Open(erik.Access, TokenVault.TraktAccessPurpose(erik.UserId)));
        Assert.Equal(OldAppHousehold.ErikRefresh, vault.Open(erik.Refresh, TokenVault.TraktRefreshPurpose(erik.UserId)));
        Assert.Equal(SqliteTime.ToText(OldAppHousehold.ErikExpires), erik.ExpiresAt);
        // Timea's row holds plain tokens and a Unix time in milliseconds.
        Assert.Equal(OldAppHousehold.TimeaAccess, vault.Open(timea.Access, TokenVault.TraktAccessPurpose(timea.UserId)));
        Assert.Equal(SqliteTime.ToText(OldAppHousehold.ErikExpires.AddDays(1)), timea.ExpiresAt);
    }

    [Fact]
    public void Tokens_never_appear_in_the_report()
    {
        using var db = new ImportDatabase();
        var key = OldAppDatabaseBuilder.NewKey();
        var report = OldAppHousehold.Import(db, OldAppHousehold.Write(db, key), key);

        foreach (var token in new[] { OldAppHousehold.ErikAccess, OldAppHousehold.ErikRefresh, OldAppHousehold.TimeaAccess, OldAppHousehold.TimeaRefresh })
        {
            Assert.DoesNotContain(token, report.ToJson());
            Assert.DoesNotContain(token, report.ToText());
            Assert.DoesNotContain(token, db.Scalar<string>("SELECT report FROM legacy_imports"));
        }
    }

    [Fact]
    public void A_token_the_old_key_cannot_open_drops_that_link_with_a_relink_warning_naming_the_member()
    {
        using var db = new ImportDatabase();
        var path = OldAppHousehold.Write(db, OldAppDatabaseBuilder.NewKey());

        var report = OldAppHousehold.Import(db, path, OldAppDatabaseBuilder.NewKey());

        Assert.Equal(1, report.TraktLinks); // Timea's plain-text link
        var warning = Assert.Single(report.Warnings, w => w.JsonPath.StartsWith("trakt_auth", StringComparison.Ordinal));
        Assert.Contains("Erik", warning.Reason);
        Assert.Contains("re-link needed", warning.Reason);
        Assert.Equal(["timea_t"], Links(db).Select(l => l.Slug));
        Assert.Equal(4, db.Count("users")); // the rest of the household is imported
    }

    [Fact]
    public void Encrypted_tokens_without_any_old_key_are_dropped_with_a_relink_warning()
    {
        using var db = new ImportDatabase();
        var report = OldAppHousehold.Import(db, OldAppHousehold.Write(db, OldAppDatabaseBuilder.NewKey()), key: null);

        Assert.Contains(report.Warnings, w => w.Reason.Contains("Erik's Trakt link was not carried over") && w.Reason.Contains("no old key"));
        Assert.Equal(1, report.TraktLinks);
    }

    [Fact]
    public void A_trakt_account_already_linked_to_another_member_is_not_linked_twice()
    {
        using var db = new ImportDatabase();
        db.Execute("INSERT INTO users (name, is_admin) VALUES ('Somebody', 1)");
        db.Execute("""
            INSERT INTO trakt_auth (user_id, trakt_user, trakt_slug, access_token, refresh_token, expires_at)
            SELECT id, 'ErikWatches', 'erikwatches', 'v1:x', 'v1:y', '2026-01-01T00:00:00.000Z' FROM users
            """);

        var report = OldAppHousehold.Import(db, OldAppHousehold.Write(db, null), null);

        Assert.Equal(1, report.TraktLinks);
        Assert.Contains(report.Skipped, s => s.Reason.Contains("already linked to another member"));
    }
}
