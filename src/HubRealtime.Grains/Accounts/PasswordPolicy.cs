using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Errors;

namespace HubRealtime.Grains.Accounts;

/// <summary>The password rules (issue 3 §1): length, and nothing a colleague could guess from the account.</summary>
internal static class PasswordPolicy
{
    /// <summary>Shorter names are only refused as the whole password: refusing every password that contains "bo" helps nobody.</summary>
    private const int MinContainedLength = 3;

    public static void Validate(string? password, string email, string displayName)
    {
        if (password is null || password.Length < AccountLimits.MinPasswordLength || string.IsNullOrWhiteSpace(password))
        {
            throw Refused($"A password has at least {AccountLimits.MinPasswordLength} characters.");
        }
        if (password.Length > AccountLimits.MaxPasswordLength)
        {
            throw Refused($"A password has at most {AccountLimits.MaxPasswordLength} characters.");
        }
        var localPart = email[..email.IndexOf('@', StringComparison.Ordinal)];
        if (Resembles(password, localPart) || Resembles(password, email) || Resembles(password, displayName.Trim()))
        {
            throw Refused("A password must not be or contain your e-mail address or your name.");
        }
    }

    private static bool Resembles(string password, string part) =>
        part.Length > 0 &&
        (password.Equals(part, StringComparison.OrdinalIgnoreCase) ||
         (part.Length >= MinContainedLength && password.Contains(part, StringComparison.OrdinalIgnoreCase)));

    private static HubRealtimeException Refused(string message) => new(ErrorCodes.PasswordPolicy, message);
}
