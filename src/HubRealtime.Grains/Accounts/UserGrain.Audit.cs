using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Identity;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Grains.Accounts;

/// <summary>Audit entries, session revocation and logs. None of them ever carries a password, code, secret or stamp.</summary>
public sealed partial class UserGrain
{
    /// <summary>
    /// Records an event about this user in its agency's chain (the hub's for users without agency),
    /// and also in the hub's when a hub admin acted. Completes once stored: an action the audit log
    /// could not record fails instead of passing silently.
    /// </summary>
    private Task AuditAsync(string actor, string action, string details, bool alsoHub = false)
    {
        var auditEvent = new AuditEvent(actor, action, Email, details);
        var scopes = new List<string>(2) { User.AgencyId is { } agency ? AuditScope.Agency(agency) : AuditScope.Hub };
        if (alsoHub && scopes[0] != AuditScope.Hub)
        {
            scopes.Add(AuditScope.Hub);
        }
        return Task.WhenAll(scopes.Select(scope => GrainFactory.GetGrain<IAuditLogGrain>(scope).Append(Caller.System, auditEvent)));
    }

    /// <summary>Tells every silo to close this user's live connections now (the stamp is already rotated).</summary>
    private Task RevokeSessionsAsync()
    {
        LogSessionsRevoked(Email);
        return GrainFactory.GetGrain<ISessionRevocationGrain>(0).Revoke([Email]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} registered (agency {AgencyId}, role {Role}, hub admin {IsHubAdmin})")]
    private partial void LogRegistered(string userId, string? agencyId, AgencyRole role, bool isHubAdmin);

    [LoggerMessage(Level = LogLevel.Information, Message = "{UserId} signed in ({Method})")]
    private partial void LogSignedIn(string userId, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed credential check for {UserId}: {What}, {Failures} in a row")]
    private partial void LogFailed(string userId, string what, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {UserId} locked until {LockedUntil}")]
    private partial void LogLockedOut(string userId, DateTimeOffset lockedUntil);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sessions of {UserId} revoked")]
    private partial void LogSessionsRevoked(string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Password of {UserId} changed")]
    private partial void LogPasswordChanged(string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Two-factor sign-in of {UserId} turned on: {Enabled}")]
    private partial void LogMfaChanged(string userId, bool enabled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Status of {UserId} set to {Status} by {Actor}")]
    private partial void LogStatusChanged(string userId, UserStatus status, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agency {AgencyId} of {UserId} active: {Active}")]
    private partial void LogAgencyActiveChanged(string userId, string? agencyId, bool active);

    [LoggerMessage(Level = LogLevel.Information, Message = "Role of {UserId} changed: {Change} by {Actor}")]
    private partial void LogRoleChanged(string userId, string change, string actor);
}
