using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Abstractions.Agencies;

/// <summary>A vetted agency (keyed by <see cref="AgencyId"/>): its members and its invitations.</summary>
[Alias("HubRealtime.Abstractions.Agencies.IAgencyGrain")]
public interface IAgencyGrain : IGrainWithStringKey
{
    /// <summary>Hub admins only. Country must be an ISO 3166-1 alpha-2 code.</summary>
    [Alias("Create")]
    Task<AgencyInfo> Create(Caller caller, NewAgency agency);

    /// <summary>Members of the agency and hub admins.</summary>
    [Alias("GetInfo")]
    Task<AgencyInfo> GetInfo(Caller caller);

    /// <summary>Agency admins and hub admins.</summary>
    [Alias("ListMembers")]
    Task<IReadOnlyList<AgencyMember>> ListMembers(Caller caller);

    /// <summary>
    /// Agency admins and hub admins: a single-use invitation bound to this agency, an e-mail and a
    /// role, expiring after <paramref name="lifetime"/> (default 7 days, at most 30).
    /// </summary>
    [Alias("Invite")]
    Task<IssuedInvitation> Invite(Caller caller, string email, AgencyRole role, TimeSpan? lifetime);

    [Alias("ListInvitations")]
    Task<IReadOnlyList<InvitationInfo>> ListInvitations(Caller caller);

    [Alias("RevokeInvitation")]
    Task RevokeInvitation(Caller caller, string invitationId);

    /// <summary>Hub admins only: deactivating ends every member's sessions at once and blocks their sign-in.</summary>
    [Alias("SetActive")]
    Task SetActive(Caller caller, bool active);

    /// <summary>System only: the invitation grain adds the member it created.</summary>
    [Alias("AddMember")]
    Task AddMember(Caller caller, AgencyMember member);

    /// <summary>System only: the invitation grain reports acceptance or expiry.</summary>
    [Alias("UpdateInvitation")]
    Task UpdateInvitation(Caller caller, string invitationId, InvitationStatus status);
}

/// <summary>The list of agencies (key 0), for hub admins.</summary>
[Alias("HubRealtime.Abstractions.Agencies.IAgencyDirectoryGrain")]
public interface IAgencyDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    Task<IReadOnlyList<AgencyInfo>> List(Caller caller);

    /// <summary>System only: agency grains register on creation and on changes.</summary>
    [Alias("Upsert")]
    Task Upsert(Caller caller, AgencyInfo agency);
}

/// <summary>
/// One invitation, keyed by the SHA-256 (lower-case hex) of its token, so the token is never stored.
/// Anonymous callers reach it with the token only.
/// </summary>
[Alias("HubRealtime.Abstractions.Agencies.IInvitationGrain")]
public interface IInvitationGrain : IGrainWithStringKey
{
    /// <summary>System only (the agency grain).</summary>
    [Alias("Issue")]
    Task Issue(Caller caller, InvitationInfo invitation);

    /// <summary>The invitation for display on the acceptance page; invalid tokens look the same as unknown ones.</summary>
    [Alias("Get")]
    Task<InvitationInfo> Get();

    /// <summary>Creates the account and the membership; single use. Expired, revoked or used: typed error.</summary>
    [Alias("Accept")]
    Task<InvitationInfo> Accept(InvitationAcceptance acceptance);

    /// <summary>System only (the agency grain).</summary>
    [Alias("Revoke")]
    Task Revoke(Caller caller);
}
