using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Errors;

namespace HubRealtime.Grains.Accounts;

/// <summary>
/// The password rules (issue 3 §1): length, and nothing a colleague could guess from the account. The one
/// policy: the user grain enforces it, and the server checks the configured admin password with it at start.
/// </summary>
public static class PasswordPolicy
{
    /// <summary>Shorter names are only refused as the whole password: refusing every password that contains "bo" helps nobody.</summary>
    private const int MinContainedLength = 3;

    public static void Validate(string? password, string email, string displayName)
    {
        if (Problem(password, email, displayName) is { } problem)
        {
            throw new HubRealtimeException(ErrorCodes.PasswordPolicy, problem);
        }
    }

    /// <summary>What is wrong with <paramref name="password"/> for this account, or null when it is acceptable.</summary>
    public static string? Problem(string? password, string email, string displayName)
    {
        if (password is null || password.Length < AccountLimits.MinPasswordLength || string.IsNullOrWhiteSpace(password))
        {
            return $"A password has at least {AccountLimits.MinPasswordLength} characters.";
        }
        if (password.Length > AccountLimits.MaxPasswordLength)
        {
            return $"A password has at most {AccountLimits.MaxPasswordLength} characters.";
        }
        var at = email.IndexOf('@', StringComparison.Ordinal);
        var localPart = at < 0 ? email : email[..at];
        return Resembles(password, localPart) || Resembles(password, email) || Resembles(password, displayName.Trim())
            ? "A password must not be or contain your e-mail address or your name."
            : null;
    }

    private static bool Resembles(string password, string part) =>
        part.Length > 0 &&
        (password.Equals(part, StringComparison.OrdinalIgnoreCase) ||
         (part.Length >= MinContainedLength && password.Contains(part, StringComparison.OrdinalIgnoreCase)));
}
