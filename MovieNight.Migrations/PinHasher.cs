using Microsoft.AspNetCore.Identity;

namespace MovieNight.Migrations;

/// <summary>Hashes PINs with ASP.NET Core's PBKDF2 PasswordHasher; used by the app and the importer alike.</summary>
public static class PinHasher
{
    private sealed class Pin;
    private static readonly PasswordHasher<Pin> Hasher = new();
    private static readonly Pin Subject = new();

    public static string Hash(string pin) => Hasher.HashPassword(Subject, pin);

    public static bool Verify(string hash, string pin) =>
        Hasher.VerifyHashedPassword(Subject, hash, pin) != PasswordVerificationResult.Failed;
}
