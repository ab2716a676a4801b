using System.Security.Cryptography;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Server.Configuration;
using Microsoft.Extensions.Options;

namespace HubRealtime.Server.Authentication;

/// <summary>
/// Creates the hub administrator at first start: with the configured password, or with a random one
/// printed once to the log that must be changed at first sign-in. Does nothing once the account exists.
/// </summary>
public sealed partial class AdminBootstrap(IGrainFactory grains, IOptions<HubRealtimeOptions> options, ILogger<AdminBootstrap> logger) : IHostedService
{
    /// <summary>The administrator's display name; the password policy refuses passwords that contain it.</summary>
    public const string DisplayName = "Hub administrator";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var identity = options.Value.Identity;
        var email = EmailAddress.Normalize(identity.AdminEmail);
        var user = grains.GetGrain<IUserGrain>(email);
        if (await user.Exists(Caller.System))
        {
            return;
        }
        var configured = !string.IsNullOrEmpty(identity.AdminPassword);
        var password = configured ? identity.AdminPassword! : NewPassword();
        try
        {
            await user.Register(Caller.System, new NewAccount(DisplayName, password, null, AgencyRole.Member, IsHubAdmin: true, MustChangePassword: !configured));
        }
        catch (HubRealtimeException error) when (error.Code == ErrorCodes.AccountExists)
        {
            // Another silo created it at the same moment.
            return;
        }
        if (configured)
        {
            LogCreated(email);
        }
        else
        {
            LogCreatedWithPassword(email, password);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>24 characters from an unambiguous 57-letter alphabet (about 140 bits).</summary>
    internal static string NewPassword() =>
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 24);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the hub administrator {Email} with the configured password")]
    private partial void LogCreated(string email);

    // The one time a secret reaches the log, on purpose: the operator needs it for the first sign-in,
    // where it must be changed. It is never stored in plain text.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the hub administrator {Email}. One-time password (shown only now; it must be changed at first sign-in): {Password}")]
    private partial void LogCreatedWithPassword(string email, string password);
}
