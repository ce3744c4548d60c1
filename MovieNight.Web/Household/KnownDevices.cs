using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Household;

/// <summary>
/// Devices that signed in to a profile before. Each gets a long-lived cookie per profile, signed and
/// encrypted with Data Protection, naming a row here. Such a device may sign in while the profile is
/// locked against unknown devices, so strangers guessing PINs cannot lock the household out; it has
/// its own small count of wrong PINs, after which it is forgotten and counts as unknown.
/// </summary>
public sealed class KnownDevices(Db db, IDataProtectionProvider dataProtection, TimeProvider time)
{
    public const int WrongPinsBeforeForgotten = 5;
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(365);
    private readonly IDataProtector protector = dataProtection.CreateProtector("MovieNight.KnownDevice.v1");

    public static string CookieName(long memberId) => $"MovieNight.Device.{memberId}";

    /// <summary>This device's id for the profile, when its cookie is genuine and the device is still known.</summary>
    public async Task<string?> RecognizeAsync(HttpContext http, long memberId)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName(memberId), out var cookie)) return null;
        string payload;
        try
        {
            payload = protector.Unprotect(cookie);
        }
        catch (CryptographicException)
        {
            return null;
        }
        // The payload names the profile too, so one profile's cookie cannot be renamed to another's.
        if (payload.Split(':') is not [var member, var deviceId] || member != memberId.ToString()) return null;
        await using var connection = db.OpenConnection();
        var known = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM known_devices WHERE id = @deviceId AND user_id = @memberId", new { deviceId, memberId });
        return known == 1 ? deviceId : null;
    }

    /// <summary>After a right PIN: the device becomes (or stays) known, with a clean count, for another year.</summary>
    public async Task RememberAsync(HttpContext http, long memberId, string? deviceId)
    {
        await using var connection = db.OpenConnection();
        if (deviceId is null)
        {
            deviceId = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            await connection.ExecuteAsync("INSERT INTO known_devices (id, user_id, created_at) VALUES (@deviceId, @memberId, @now)",
                new { deviceId, memberId, now = SqliteTime.ToText(time.GetUtcNow()) });
        }
        else
        {
            await connection.ExecuteAsync("UPDATE known_devices SET failed_pin_attempts = 0 WHERE id = @deviceId", new { deviceId });
        }
        http.Response.Cookies.Append(CookieName(memberId), protector.Protect($"{memberId}:{deviceId}"), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            IsEssential = true,
            Expires = time.GetUtcNow() + CookieLifetime,
        });
    }

    /// <summary>Counts a wrong PIN from a known device; the last one allowed forgets the device. Returns attempts left.</summary>
    public async Task<int> RecordWrongPinAsync(string deviceId)
    {
        await using var connection = db.OpenConnection();
        var failed = await connection.ExecuteScalarAsync<long?>(
            "UPDATE known_devices SET failed_pin_attempts = failed_pin_attempts + 1 WHERE id = @deviceId RETURNING failed_pin_attempts",
            new { deviceId }) ?? WrongPinsBeforeForgotten;
        if (failed >= WrongPinsBeforeForgotten)
            await connection.ExecuteAsync("DELETE FROM known_devices WHERE id = @deviceId", new { deviceId });
        return Math.Max(0, WrongPinsBeforeForgotten - (int)failed);
    }

    /// <summary>A PIN reset by an admin makes every device a stranger again.</summary>
    public async Task ForgetAllAsync(long memberId)
    {
        await using var connection = db.OpenConnection();
        await connection.ExecuteAsync("DELETE FROM known_devices WHERE user_id = @memberId", new { memberId });
    }
}
