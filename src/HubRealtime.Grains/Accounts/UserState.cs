using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Grains.Accounts;

/// <summary>
/// A user's persisted state. Secrets are never here in plain text: the password is a PasswordHasher
/// hash, the TOTP secrets and the security stamp are Data Protection payloads, recovery codes are
/// PBKDF2 hashes.
/// </summary>
[GenerateSerializer, Alias("HubRealtime.Grains.Accounts.UserState")]
public sealed class UserState
{
    [Id(0)] public string DisplayName { get; set; } = "";
    [Id(1)] public string? AgencyId { get; set; }
    [Id(2)] public AgencyRole AgencyRole { get; set; }
    [Id(3)] public bool IsHubAdmin { get; set; }
    [Id(4)] public UserStatus Status { get; set; }

    /// <summary>False while the user's agency is suspended; the user then reads as deactivated.</summary>
    [Id(5)] public bool AgencyActive { get; set; } = true;

    [Id(6)] public bool MustChangePassword { get; set; }
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public string PasswordHash { get; set; } = "";

    /// <summary>The security stamp, protected (<see cref="AccountSecrets.StampPurpose"/>).</summary>
    [Id(9)] public string ProtectedStamp { get; set; } = "";

    /// <summary>Consecutive failed credential checks since the last success or lockout.</summary>
    [Id(10)] public int FailedAttempts { get; set; }
    [Id(11)] public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Set by a right password on an MFA account: the second step must come before this.</summary>
    [Id(12)] public DateTimeOffset? SecondFactorDeadline { get; set; }

    /// <summary>The active TOTP secret, protected (<see cref="AccountSecrets.TotpPurpose"/>); null while MFA is off.</summary>
    [Id(13)] public string? ProtectedTotpSecret { get; set; }

    /// <summary>An enrolment begun but not yet confirmed with a code, protected like the active secret.</summary>
    [Id(14)] public string? ProtectedPendingTotpSecret { get; set; }

    /// <summary>The last TOTP time step accepted: each step is accepted once.</summary>
    [Id(15)] public long LastTotpStep { get; set; } = -1;

    [Id(16)] public string? RecoveryCodeSalt { get; set; }
    [Id(17)] public List<string> RecoveryCodeHashes { get; set; } = [];
    [Id(18)] public List<string> Groups { get; set; } = [];

    /// <summary>Scopes the user leads (owner or facilitator of "group:{id}", later meetings), sorted; leading requires MFA.</summary>
    [Id(19)] public List<string> LeadScopes { get; set; } = [];

    public bool MfaEnabled => ProtectedTotpSecret is not null;

    public bool IsActive => Status == UserStatus.Active && AgencyActive;
}
