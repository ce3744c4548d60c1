using MovieNight.Migrations;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Extensions.Options;
using MovieNight.Web.Data;

namespace MovieNight.Web.Trakt;

/// <summary>The household's Trakt app. Its secret is sealed in the settings table and stays server-side.</summary>
public sealed record TraktApp(string ClientId, string ClientSecret, bool FromEnvironment)
{
    // A record prints its members; the secret must never reach a log or a page that way.
    public override string ToString() => $"Trakt app {ClientId} ({(FromEnvironment ? "environment" : "settings")})";
}

/// <summary>
/// Where the Trakt app's credentials come from: TRAKT_CLIENT_ID / TRAKT_CLIENT_SECRET when both
/// are set (the environment wins), else what an admin entered on the Trakt admin page, sealed by
/// the vault. Kept in memory and replaced when an admin saves.
/// </summary>
public sealed class TraktCredentials(Db db, TokenVault vault, IOptionsMonitor<TraktOptions> options)
{
    private const string ClientIdKey = "trakt.client_id", ClientSecretKey = "trakt.client_secret";
    private volatile StrongBox<TraktApp?>? cached;

    public bool SetByEnvironment => options.CurrentValue is { ClientId.Length: > 0, ClientSecret.Length: > 0 };

    public async ValueTask<TraktApp?> GetAsync()
    {
        var environment = options.CurrentValue;
        if (SetByEnvironment) return new TraktApp(environment.ClientId!.Trim(), environment.ClientSecret!.Trim(), true);
        if (cached is { } known) return known.Value;
        await using var connection = db.OpenConnection();
        var stored = (await connection.QueryAsync<(string Key, string Value)>(
            "SELECT key, value FROM settings WHERE key IN (@ClientIdKey, @ClientSecretKey)", new { ClientIdKey, ClientSecretKey }))
            .ToDictionary(s => s.Key, s => s.Value);
        var id = vault.Open(stored.GetValueOrDefault(ClientIdKey), ClientIdKey);
        var secret = vault.Open(stored.GetValueOrDefault(ClientSecretKey), ClientSecretKey);
        var app = id is { Length: > 0 } && secret is { Length: > 0 } ? new TraktApp(id, secret, false) : null;
        cached = new StrongBox<TraktApp?>(app);
        return app;
    }

    /// <summary>An admin's entry; empty values remove the stored credentials.</summary>
    public async Task SaveAsync(string? clientId, string? clientSecret)
    {
        await using (var connection = db.OpenConnection())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            if (string.IsNullOrWhiteSpace(clientId) || string.IsNullOrWhiteSpace(clientSecret))
                await connection.ExecuteAsync("DELETE FROM settings WHERE key IN (@ClientIdKey, @ClientSecretKey)", new { ClientIdKey, ClientSecretKey }, transaction);
            else
            {
                const string Upsert = "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
                await connection.ExecuteAsync(Upsert, new { key = ClientIdKey, value = vault.Seal(clientId.Trim(), ClientIdKey) }, transaction);
                await connection.ExecuteAsync(Upsert, new { key = ClientSecretKey, value = vault.Seal(clientSecret.Trim(), ClientSecretKey) }, transaction);
            }
            await transaction.CommitAsync();
        }
        cached = null;
    }
}
