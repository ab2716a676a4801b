using HubRealtime.Abstractions.Identity;
using HubRealtime.Grains.Accounts;
using HubRealtime.Server.Configuration;
using Microsoft.Extensions.Options;

namespace HubRealtime.Server.Authentication;

/// <summary>Checks <c>HubRealtime:Identity</c> at start, naming the setting that is wrong.</summary>
internal sealed class IdentitySettingsValidator : IValidateOptions<HubRealtimeOptions>
{
    public ValidateOptionsResult Validate(string? name, HubRealtimeOptions options)
    {
        var identity = options.Identity;
        var failures = new List<string>();
        if (!EmailAddress.TryNormalize(identity.AdminEmail, out var adminEmail))
        {
            failures.Add("HubRealtime:Identity:AdminEmail must be an e-mail address like admin@agency.example.");
        }
        else if (!string.IsNullOrEmpty(identity.AdminPassword)
            && PasswordPolicy.Problem(identity.AdminPassword, adminEmail, AdminBootstrap.DisplayName) is { } problem)
        {
            // The user grain would refuse it only after the silo started, in words that name no setting.
            failures.Add($"HubRealtime:Identity:AdminPassword does not meet the password policy: {problem} " +
                $"For the administrator that means at least {Abstractions.Accounts.AccountLimits.MinPasswordLength} characters and not containing " +
                $"'{adminEmail[..adminEmail.IndexOf('@', StringComparison.Ordinal)]}' (from HubRealtime:Identity:AdminEmail) or '{AdminBootstrap.DisplayName}'. " +
                "Leave it empty to get a one-time password in the log.");
        }
        if (identity.IdleTimeoutMinutes is < 1 or > 24 * 60)
        {
            failures.Add("HubRealtime:Identity:IdleTimeoutMinutes must be between 1 and 1440.");
        }
        if (identity.AccessTokenMinutes is < 1 or > 60)
        {
            failures.Add("HubRealtime:Identity:AccessTokenMinutes must be between 1 and 60 (access tokens are short-lived).");
        }
        var external = identity.ExternalAuthority;
        if (ExternalAuthority.IsEnabled(external))
        {
            if (string.IsNullOrWhiteSpace(external.Audience))
            {
                failures.Add("HubRealtime:Identity:ExternalAuthority:Audience is required when an external Issuer is set.");
            }
            if (string.IsNullOrWhiteSpace(external.MetadataAddress) == string.IsNullOrWhiteSpace(external.SigningKeyPem))
            {
                failures.Add("HubRealtime:Identity:ExternalAuthority needs exactly one of MetadataAddress (OIDC discovery) or SigningKeyPem.");
            }
            if (external.MetadataAddress is { Length: > 0 } metadata && !metadata.StartsWith("https://", StringComparison.Ordinal))
            {
                failures.Add("HubRealtime:Identity:ExternalAuthority:MetadataAddress must be an https:// address.");
            }
            if (string.Equals(external.Issuer, AuthConstants.Issuer, StringComparison.Ordinal))
            {
                failures.Add($"HubRealtime:Identity:ExternalAuthority:Issuer must differ from HubRealtime's own issuer '{AuthConstants.Issuer}'.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
