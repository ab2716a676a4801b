using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Abstractions.Agencies;

[Alias("HubRealtime.Abstractions.Agencies.AgencyKind")]
public enum AgencyKind
{
    Police = 0,
    Prosecution = 1,
    Ministry = 2,
    InternationalOrganization = 3,
    Other = 4,
}

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Agencies.AgencyInfo")]
public sealed record AgencyInfo(
    [property: Id(0)] string AgencyId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Country,
    [property: Id(3)] AgencyKind Kind,
    [property: Id(4)] bool Active,
    [property: Id(5)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Agencies.NewAgency")]
public sealed record NewAgency(
    [property: Id(0)] string Name,
    [property: Id(1)] string Country,
    [property: Id(2)] AgencyKind Kind);

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Agencies.AgencyMember")]
public sealed record AgencyMember(
    [property: Id(0)] string Email,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] AgencyRole Role,
    [property: Id(3)] bool Active);

[Alias("HubRealtime.Abstractions.Agencies.InvitationStatus")]
public enum InvitationStatus
{
    Pending = 0,
    Accepted = 1,
    Revoked = 2,
    Expired = 3,
}

/// <summary>An invitation as admins see it; never carries the token.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Agencies.InvitationInfo")]
public sealed record InvitationInfo(
    [property: Id(0)] string InvitationId,
    [property: Id(1)] string AgencyId,
    [property: Id(2)] string Email,
    [property: Id(3)] AgencyRole Role,
    [property: Id(4)] InvitationStatus Status,
    [property: Id(5)] DateTimeOffset ExpiresAt,
    [property: Id(6)] string InvitedBy);

/// <summary>
/// A new invitation and its secret token, returned once to the inviting admin (to be sent to the
/// invitee). Only a hash of the token is stored: the invitation grain's key is that hash.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Agencies.IssuedInvitation")]
public sealed record IssuedInvitation(
    [property: Id(0)] InvitationInfo Invitation,
    [property: Id(1)] string Token);

/// <summary>What the invitee gives to accept: their name and password (MFA enrolment follows at first sign-in where required).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Agencies.InvitationAcceptance")]
public sealed record InvitationAcceptance(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string Password);
