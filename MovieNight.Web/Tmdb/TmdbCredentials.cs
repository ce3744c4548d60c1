using Microsoft.Extensions.Options;

namespace MovieNight.Web.Tmdb;

/// <summary>One way of proving who we are to TMDB; the v4 token wins when both are set (it stays out of URLs).</summary>
public sealed record TmdbCredential(string? ApiKey, string? ReadToken)
{
    // A record prints its members; a credential must never end up in a log that way.
    public override string ToString() => string.IsNullOrWhiteSpace(ReadToken) ? "TMDB v3 API key" : "TMDB v4 read token";

    internal HttpRequestMessage CreateGet(string pathAndQuery)
    {
        if (!string.IsNullOrWhiteSpace(ReadToken))
        {
            var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
            request.Headers.Authorization = new("Bearer", ReadToken);
            return request;
        }
        var separator = pathAndQuery.Contains('?') ? '&' : '?';
        return new HttpRequestMessage(HttpMethod.Get, $"{pathAndQuery}{separator}api_key={Uri.EscapeDataString(ApiKey!)}");
    }
}

/// <summary>
/// Where the TMDB credential comes from, read on every call so a key entered later takes effect
/// without a restart. Today only the environment; an admin setting can join here (environment wins).
/// </summary>
public sealed class TmdbCredentials(IOptionsMonitor<TmdbOptions> options)
{
    public ValueTask<TmdbCredential?> GetAsync(CancellationToken cancellationToken = default)
    {
        var current = options.CurrentValue;
        TmdbCredential? credential = current.IsConfigured ? new TmdbCredential(current.ApiKey, current.ReadToken) : null;
        return ValueTask.FromResult(credential);
    }

    public async ValueTask<bool> IsConfiguredAsync(CancellationToken cancellationToken = default) =>
        await GetAsync(cancellationToken) is not null;
}
