using System.Security.Cryptography;
using System.Text;

namespace HubRealtime.Grains.Accounts;

/// <summary>
/// One-time recovery codes like <c>k7wd-m2qp-9x</c>: 10 characters from a 31-letter alphabet without
/// look-alikes (≈ 49 bits). Only PBKDF2-SHA256 hashes are stored, under one random salt per set, so a
/// check costs one derivation whichever code it is.
/// </summary>
internal static class RecoveryCodeSet
{
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    private const int CodeLength = 10;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const int Iterations = 100_000;

    /// <summary>New codes to show once, and what to store.</summary>
    public static (IReadOnlyList<string> Codes, string Salt, List<string> Hashes) Generate(int count)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var codes = new List<string>(count);
        var hashes = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var raw = RandomNumberGenerator.GetString(Alphabet, CodeLength);
            codes.Add($"{raw[..4]}-{raw[4..8]}-{raw[8..]}");
            hashes.Add(Convert.ToBase64String(Derive(raw, salt)));
        }
        return (codes, Convert.ToBase64String(salt), hashes);
    }

    /// <summary>Case, dashes and spaces don't matter when the code is typed back.</summary>
    public static string? Normalize(string code)
    {
        var raw = new string([.. code.Where(c => c != '-' && !char.IsWhiteSpace(c)).Select(char.ToLowerInvariant)]);
        return raw.Length == CodeLength && raw.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? raw : null;
    }

    /// <summary>The index of the matching stored hash, or -1. Compares against every hash in constant time.</summary>
    public static int Find(string code, string salt, IReadOnlyList<string> hashes)
    {
        if (Normalize(code) is not { } raw)
        {
            return -1;
        }
        var derived = Derive(raw, Convert.FromBase64String(salt));
        var found = -1;
        for (var i = 0; i < hashes.Count; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(derived, Convert.FromBase64String(hashes[i])) && found < 0)
            {
                found = i;
            }
        }
        return found;
    }

    private static byte[] Derive(string raw, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(raw), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
}
