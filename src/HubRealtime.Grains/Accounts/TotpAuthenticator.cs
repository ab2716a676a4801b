using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace HubRealtime.Grains.Accounts;

/// <summary>
/// RFC 6238 TOTP with Otp.NET: SHA-1, 6 digits, 30-second steps, one step of clock drift either way.
/// A step already accepted (or older) is refused, so a code works once even inside its window.
/// </summary>
internal static class TotpAuthenticator
{
    public const int SecretBytes = 20;
    public const int Digits = 6;
    public const int StepSeconds = 30;
    public const string Issuer = "HubRealtime";
    private const int DriftSteps = 1;

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretBytes);

    public static string ToBase32(byte[] secret) => Base32Encoding.ToString(secret);

    /// <summary>The key URI authenticator apps read from a QR code.</summary>
    public static string OtpAuthUri(string email, string base32Secret)
    {
        // Escape what would break the URI, but keep '@' readable in the app's account list.
        var account = Uri.EscapeDataString(email).Replace("%40", "@", StringComparison.Ordinal);
        return $"otpauth://totp/{Issuer}:{account}?secret={base32Secret}&issuer={Issuer}&digits={Digits}&period={StepSeconds}";
    }

    public static bool LooksLikeCode(string code) => code.Length == Digits && code.All(char.IsAsciiDigit);

    /// <summary>The time step the code belongs to, or null if it matches no step after <paramref name="lastAcceptedStep"/> in the window.</summary>
    public static long? Verify(byte[] secret, string code, DateTimeOffset now, long lastAcceptedStep)
    {
        if (!LooksLikeCode(code))
        {
            return null;
        }
        var totp = new Totp(secret, StepSeconds, OtpHashMode.Sha1, Digits);
        var current = now.ToUnixTimeSeconds() / StepSeconds;
        var given = Encoding.ASCII.GetBytes(code);
        long? matched = null;
        // Every candidate is computed and compared in constant time, whichever matches.
        for (var step = current - DriftSteps; step <= current + DriftSteps; step++)
        {
            var expected = Encoding.ASCII.GetBytes(totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds).UtcDateTime));
            if (CryptographicOperations.FixedTimeEquals(expected, given) && step > lastAcceptedStep && matched is null)
            {
                matched = step;
            }
        }
        return matched;
    }
}
