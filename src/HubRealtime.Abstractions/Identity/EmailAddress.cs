using System.Net.Mail;
using HubRealtime.Abstractions.Errors;

namespace HubRealtime.Abstractions.Identity;

/// <summary>
/// E-mail addresses are user ids: trimmed, lower-cased (invariant) and checked. A user grain's key is
/// the normalized address, so the same person always lands on the same grain.
/// </summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    public static bool TryNormalize(string? value, out string normalized)
    {
        normalized = (value ?? "").Trim().ToLowerInvariant();
        if (normalized.Length is 0 or > MaxLength || normalized.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return false;
        }
        return MailAddress.TryCreate(normalized, out var parsed) && parsed.Address == normalized && parsed.Host.Contains('.', StringComparison.Ordinal);
    }

    /// <summary>The normalized address, or invalid_argument.</summary>
    public static string Normalize(string? value) =>
        TryNormalize(value, out var normalized)
            ? normalized
            : throw HubRealtimeException.Invalid("An e-mail address like name@agency.example is required.");
}
