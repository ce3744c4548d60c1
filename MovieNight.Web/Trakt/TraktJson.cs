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

/// <summary>The sync endpoints' JSON (movies only).</summary>
public static class TraktSyncJson
{
    public sealed record MovieIds(long? Trakt, string? Slug, string? Imdb, int? Tmdb);
    public sealed record Movie(string? Title, int? Year, MovieIds? Ids);
    public sealed record HistoryItem(long Id, DateTimeOffset WatchedAt, string? Action, Movie? Movie);
    public sealed record RatingItem(DateTimeOffset RatedAt, int Rating, Movie? Movie);
    public sealed record WatchlistItem(long? Id, DateTimeOffset? ListedAt, Movie? Movie);

    public sealed record LastActivities(DateTimeOffset? All, MovieActivities? Movies, ListActivity? Watchlist);
    public sealed record MovieActivities(DateTimeOffset? WatchedAt, DateTimeOffset? RatedAt, DateTimeOffset? WatchlistedAt);
    public sealed record ListActivity(DateTimeOffset? UpdatedAt);

    /// <summary>POST /sync/history and /sync/ratings answers; only not_found matters to us.</summary>
    public sealed record WriteAnswer(NotFound? NotFound);
    public sealed record NotFound(IReadOnlyList<NotFoundMovie>? Movies);
    public sealed record NotFoundMovie(MovieIds? Ids);
}
