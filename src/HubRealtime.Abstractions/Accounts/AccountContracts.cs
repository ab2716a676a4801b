using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Abstractions.Accounts;

[Alias("HubRealtime.Abstractions.Accounts.UserStatus")]
public enum UserStatus
{
    Active = 0,
    Deactivated = 1,
}

/// <summary>What the hub knows of a user; never carries a secret.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Accounts.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] string Email,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string? AgencyId,
    [property: Id(3)] AgencyRole AgencyRole,
    [property: Id(4)] bool IsHubAdmin,
    [property: Id(5)] UserStatus Status,
    [property: Id(6)] bool MfaEnabled,
    [property: Id(7)] bool MfaRequired,
    [property: Id(8)] bool MustChangePassword,
    [property: Id(9)] DateTimeOffset CreatedAt);

/// <summary>Creates an account: from an accepted invitation, or the first hub administrator at start.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Accounts.NewAccount")]
public sealed record NewAccount(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string Password,
    [property: Id(2)] string? AgencyId,
    [property: Id(3)] AgencyRole AgencyRole,
    [property: Id(4)] bool IsHubAdmin,
    [property: Id(5)] bool MustChangePassword);

[Alias("HubRealtime.Abstractions.Accounts.SignInOutcome")]
public enum SignInOutcome
{
    /// <summary>Signed in; <see cref="SignInResult.Session"/> is set.</summary>
    Succeeded = 0,

    /// <summary>The password was right; a TOTP or recovery code must follow (<see cref="IUserGrain.CheckSecondFactor"/>).</summary>
    SecondFactorRequired = 1,

    /// <summary>Unknown user, wrong password or wrong code: deliberately not told apart.</summary>
    InvalidCredentials = 2,

    /// <summary>Too many failures; <see cref="SignInResult.LockedUntil"/> says until when.</summary>
    LockedOut = 3,

    Deactivated = 4,
}

/// <summary>
/// A signed-in session's anchor: the profile and the user's current security stamp. Tokens and
/// cookies carry the stamp; a changed stamp (password change, sign-out everywhere, deactivation)
/// invalidates them all.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Accounts.SessionInfo")]
public sealed record SessionInfo(
    [property: Id(0)] UserProfile Profile,
    [property: Id(1)] string SecurityStamp);

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Accounts.SignInResult")]
public sealed record SignInResult(
    [property: Id(0)] SignInOutcome Outcome,
    [property: Id(1)] SessionInfo? Session,
    [property: Id(2)] DateTimeOffset? LockedUntil);

/// <summary>A TOTP secret being enrolled: shown once, as a base32 secret and an otpauth:// URI (for a QR code).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Accounts.MfaEnrolment")]
public sealed record MfaEnrolment(
    [property: Id(0)] string SecretBase32,
    [property: Id(1)] string OtpAuthUri);

/// <summary>One-time recovery codes, shown once; only their hashes are stored.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Accounts.RecoveryCodes")]
public sealed record RecoveryCodes([property: Id(0)] IReadOnlyList<string> Codes);
