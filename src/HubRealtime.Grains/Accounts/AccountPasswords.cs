using System.Security.Cryptography;
using HubRealtime.Abstractions.Accounts;
using Microsoft.AspNetCore.Identity;

namespace HubRealtime.Grains.Accounts;

/// <summary>Password hashing with ASP.NET Core Identity's PasswordHasher (PBKDF2, versioned format, rehash hints).</summary>
internal static class AccountPasswords
{
    private static readonly PasswordHasher<UserState> Hasher = new();
    private static readonly UserState Nobody = new();

    /// <summary>A hash of a random password: unknown accounts verify against it, so they take as long as known ones.</summary>
    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    public static string Hash(string password) => Hasher.HashPassword(Nobody, password);

    public static PasswordVerificationResult Verify(string hash, string? password) =>
        password is { Length: > 0 and <= AccountLimits.MaxPasswordLength }
            ? Hasher.VerifyHashedPassword(Nobody, hash, password)
            : PasswordVerificationResult.Failed;

    /// <summary>Spends one verification for nothing (unknown accounts): the answer must not come faster.</summary>
    public static void SpendDummyVerification(string? password) => Verify(DummyHash.Value, password ?? "");
}
