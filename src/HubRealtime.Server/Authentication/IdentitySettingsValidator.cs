using HubRealtime.Abstractions.Identity;
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
        if (!EmailAddress.TryNormalize(identity.AdminEmail, out _))
        {
            failures.Add("HubRealtime:Identity:AdminEmail must be an e-mail address like admin@agency.example.");
        }
        if (identity.IdleTimeoutMinutes is < 1 or > 24 * 60)
        {
            failures.Add("HubRealtime:Identity:IdleTimeoutMinutes must be between 1 and 1440.");
        }
        if (identity.AccessTokenMinutes is < 1 or > 60)
        {
            failures.Add("HubRealtime:Identity:AccessTokenMinutes must be between 1 and 60 (access tokens are short-lived).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
