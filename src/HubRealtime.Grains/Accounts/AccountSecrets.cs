using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace HubRealtime.Grains.Accounts;

/// <summary>
/// Encrypts what must be stored but read back (TOTP secrets, the security stamp) with ASP.NET Core
/// Data Protection, whose keys live apart from the grain state.
/// </summary>
internal sealed class AccountSecrets(IDataProtectionProvider provider)
{
    public const string TotpPurpose = "HubRealtime.Accounts.Totp.v1";
    public const string StampPurpose = "HubRealtime.Accounts.Stamp.v1";
    private const int StampBytes = 32;

    private readonly IDataProtector _totp = provider.CreateProtector(TotpPurpose);
    private readonly IDataProtector _stamp = provider.CreateProtector(StampPurpose);

    /// <summary>32 random bytes, base64url: a stamp nobody can guess.</summary>
    public static string NewStamp() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(StampBytes));

    public string ProtectTotp(byte[] secret) => Base64Url.EncodeToString(_totp.Protect(secret));

    /// <summary>The raw secret; the caller zeroes it after use.</summary>
    public byte[] UnprotectTotp(string protectedSecret) => _totp.Unprotect(Base64Url.DecodeFromChars(protectedSecret));

    public string ProtectStamp(string stamp) => _stamp.Protect(stamp);

    /// <summary>Null when the payload cannot be read (lost or revoked keys): the stamp is then treated as stale.</summary>
    public string? TryUnprotectStamp(string protectedStamp)
    {
        try
        {
            return _stamp.Unprotect(protectedStamp);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
