using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Abstractions.Accounts;

/// <summary>
/// A user account, keyed by normalized e-mail (<see cref="EmailAddress"/>). Holds the password hash,
/// the encrypted TOTP secret, hashed recovery codes, lockout counters and the security stamp; no
/// secret ever leaves it or reaches storage in plain text. Methods without a <see cref="Caller"/> are
/// the sign-in steps, called by the server's authentication endpoints before anyone is identified.
/// </summary>
[Alias("HubRealtime.Abstractions.Accounts.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the account. Only <see cref="Caller.System"/> (invitation acceptance, bootstrap); fails if it exists.</summary>
    [Alias("Register")]
    Task<UserProfile> Register(Caller caller, NewAccount account);

    /// <summary>True when an account exists (for the bootstrap and invitation checks; system only).</summary>
    [Alias("Exists")]
    Task<bool> Exists(Caller caller);

    /// <summary>First sign-in step. Counts failures; 5 in a row lock the account for 15 minutes.</summary>
    [Alias("CheckPassword")]
    Task<SignInResult> CheckPassword(string password);

    /// <summary>Second step: a 6-digit TOTP code (each time step usable once) or an unused recovery code.</summary>
    [Alias("CheckSecondFactor")]
    Task<SignInResult> CheckSecondFactor(string code);

    /// <summary>
    /// System only: the session of a user who proved who they are to the agency's own identity provider
    /// (single sign-on), or null when there is no such account or it is deactivated. The account must
    /// exist already: it was created from an invitation.
    /// </summary>
    [Alias("ExternalSession")]
    Task<SessionInfo?> ExternalSession(Caller caller);

    /// <summary>The session for a stamp, or null when the stamp is stale or the account is deactivated.</summary>
    [Alias("ValidateSession")]
    Task<SessionInfo?> ValidateSession(string securityStamp);

    /// <summary>Self, an admin of the user's agency, a hub admin, or <see cref="Caller.System"/> (grains checking authority).</summary>
    [Alias("GetProfile")]
    Task<UserProfile> GetProfile(Caller caller);

    /// <summary>Self only. Checks the current password and the policy; rotates the security stamp.</summary>
    [Alias("ChangePassword")]
    Task<SessionInfo> ChangePassword(Caller caller, string currentPassword, string newPassword);

    /// <summary>Self only: rotates the security stamp, ending every session and token.</summary>
    [Alias("SignOutEverywhere")]
    Task SignOutEverywhere(Caller caller);

    /// <summary>Self only: a new TOTP secret, not active until confirmed.</summary>
    [Alias("BeginMfaEnrolment")]
    Task<MfaEnrolment> BeginMfaEnrolment(Caller caller);

    /// <summary>Self only: activates the pending secret with a valid code; returns fresh recovery codes.</summary>
    [Alias("ConfirmMfaEnrolment")]
    Task<RecoveryCodes> ConfirmMfaEnrolment(Caller caller, string code);

    /// <summary>Self only, with a valid code; refused (forbidden) while MFA is required for the user's roles.</summary>
    [Alias("DisableMfa")]
    Task DisableMfa(Caller caller, string code);

    /// <summary>Self only, with a valid code: replaces all recovery codes.</summary>
    [Alias("RegenerateRecoveryCodes")]
    Task<RecoveryCodes> RegenerateRecoveryCodes(Caller caller, string code);

    /// <summary>A hub admin, or an admin of the user's agency: deactivation ends every session at once and blocks sign-in.</summary>
    [Alias("SetStatus")]
    Task SetStatus(Caller caller, UserStatus status);

    /// <summary>
    /// System only: the agency grain suspends (false) or restores (true) all its members. A member of a
    /// deactivated agency reads as <see cref="UserStatus.Deactivated"/> and loses every session at once.
    /// </summary>
    [Alias("SetAgencyActive")]
    Task SetAgencyActive(Caller caller, bool active);

    /// <summary>A hub admin, or an admin of the user's agency (not on themselves).</summary>
    [Alias("SetAgencyRole")]
    Task SetAgencyRole(Caller caller, AgencyRole role);

    /// <summary>A hub admin only (not on themselves).</summary>
    [Alias("SetHubAdmin")]
    Task SetHubAdmin(Caller caller, bool isHubAdmin);

    /// <summary>Working groups the user belongs to (self only); maintained by the group grains.</summary>
    [Alias("ListGroups")]
    Task<IReadOnlyList<string>> ListGroups(Caller caller);

    /// <summary>Called by a working group grain when the user joins or leaves it (system only).</summary>
    [Alias("SetGroupMembership")]
    Task SetGroupMembership(Caller caller, string groupId, bool member);

    /// <summary>
    /// System only: the user leads (owner or facilitator of) <paramref name="scope"/> ("group:{id}", and
    /// meeting scopes later) or no longer does. Leading anything makes MFA required for the account.
    /// </summary>
    [Alias("SetLeadRole")]
    Task SetLeadRole(Caller caller, string scope, bool lead);
}
