using System.Text.Json;
using System.Text.Json.Serialization;

namespace MovieNight.Web.Trakt;

/// <summary>Trakt's JSON, as far as MovieNight reads it. Unknown fields are ignored: Trakt adds them often.</summary>
public static class TraktJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public sealed record Token(string AccessToken, string RefreshToken, long ExpiresIn, long CreatedAt, string? Scope)
    {
        public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(CreatedAt + ExpiresIn);
        public override string ToString() => $"Trakt token expiring {ExpiresAt:u}"; // never the token itself
    }

    public sealed record OAuthError(string? Error, string? ErrorDescription);

    public sealed record DeviceCodeGrant(string DeviceCode, string UserCode, string VerificationUrl, int ExpiresIn, int Interval)
    {
        public override string ToString() => $"Trakt device code for {UserCode}";
    }

    public sealed record UserSettings(User? User, Limits? Limits);
    public sealed record User(string? Username, string? Name, bool Vip, bool? VipEp, UserIds? Ids);
    public sealed record UserIds(string? Slug, string? Uuid);
    public sealed record Limits(LimitCount? Watchlist);
    public sealed record LimitCount(int? ItemCount);
}
