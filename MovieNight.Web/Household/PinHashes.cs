using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MovieNight.Migrations;
using MovieNight.Web.Data;

namespace MovieNight.Web.Household;

public enum PinMatch { Wrong, Right, RightButNotPeppered }

/// <summary>
/// PIN hashes peppered with <see cref="PinPepper"/>: PBKDF2 (PasswordHasher) over HMAC-SHA256(pepper, PIN).
/// Hashes written before the pepper (or by the importer, which has no keys) have no prefix; they
/// still verify, and the sign-in that proves the PIN rewrites them peppered.
/// </summary>
public sealed class PinHashes(IOptions<MovieNightOptions> options)
{
    private const string PepperedPrefix = "peppered-v1:";
    private readonly Lazy<byte[]> pepper = new(() => PinPepper.LoadOrCreate(options.Value.KeysDirectory));

    /// <summary>Reads (or creates) the pepper now, so a broken pepper file stops the app at start.</summary>
    public void EnsurePepper() => _ = pepper.Value;

    public string Hash(string pin) => PepperedPrefix + PinHasher.Hash(Peppered(pin));

    public PinMatch Verify(string hash, string pin)
    {
        if (hash.StartsWith(PepperedPrefix, StringComparison.Ordinal))
            return PinHasher.Verify(hash[PepperedPrefix.Length..], Peppered(pin)) ? PinMatch.Right : PinMatch.Wrong;
        return PinHasher.Verify(hash, pin) ? PinMatch.RightButNotPeppered : PinMatch.Wrong;
    }

    private string Peppered(string pin) =>
        Convert.ToBase64String(HMACSHA256.HashData(pepper.Value, Encoding.UTF8.GetBytes(pin)));
}
