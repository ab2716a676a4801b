using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace HubRealtime.Abstractions.Agencies;

/// <summary>
/// Invitation tokens: 32 random bytes, base64url (43 characters). An invitation's id, which is also
/// its grain key, is the SHA-256 of the token in lower-case hex, so nothing stored can be turned back
/// into a working link. The agency grain makes tokens; the acceptance endpoint turns one into an id.
/// </summary>
public static partial class InvitationToken
{
    public const int TokenBytes = 32;
    public const int Length = 43;

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    /// <summary>A fresh token and its id.</summary>
    public static (string Token, string Id) New()
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        return (token, IdOf(token));
    }

    /// <summary>The id of a well-formed token; false for anything else (treat it like an unknown invitation).</summary>
    public static bool TryGetId(string? token, out string id)
    {
        id = token is not null && TokenPattern().IsMatch(token) ? IdOf(token) : "";
        return id.Length > 0;
    }

    public static bool IsId(string? value) => value is not null && IdPattern().IsMatch(value);

    private static string IdOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
}
