using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Abstractions.WorkingGroups;

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.WorkingGroups.WorkingGroupInfo")]
public sealed record WorkingGroupInfo(
    [property: Id(0)] string GroupId,
    [property: Id(1)] string Title,
    [property: Id(2)] string RoomId,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] string CreatedBy);

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.WorkingGroups.WorkingGroupMember")]
public sealed record WorkingGroupMember(
    [property: Id(0)] string Email,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string? AgencyId,
    [property: Id(3)] GroupRole Role);

/// <summary>
/// A persistent, cross-agency working group (keyed by a slug id). It owns a room (<see cref="WorkingGroupInfo.RoomId"/>)
/// whose access it keeps equal to its membership.
/// </summary>
[Alias("HubRealtime.Abstractions.WorkingGroups.IWorkingGroupGrain")]
public interface IWorkingGroupGrain : IGrainWithStringKey
{
    /// <summary>Any active member of an agency, or a hub admin; the creator becomes owner.</summary>
    [Alias("Create")]
    Task<WorkingGroupInfo> Create(Caller caller, string title);

    /// <summary>Members and hub admins.</summary>
    [Alias("GetInfo")]
    Task<WorkingGroupInfo> GetInfo(Caller caller);

    /// <summary>Members and hub admins.</summary>
    [Alias("ListMembers")]
    Task<IReadOnlyList<WorkingGroupMember>> ListMembers(Caller caller);

    /// <summary>Owners and facilitators add an existing, active user of any agency; only owners grant Owner.</summary>
    [Alias("AddMember")]
    Task AddMember(Caller caller, string email, GroupRole role);

    /// <summary>Owners remove anyone but the last owner; facilitators remove participants.</summary>
    [Alias("RemoveMember")]
    Task RemoveMember(Caller caller, string email);

    /// <summary>A member leaves; the last owner cannot leave while others remain.</summary>
    [Alias("Leave")]
    Task Leave(Caller caller);

    /// <summary>True when the user is a member (used by the room grain to authorize).</summary>
    [Alias("IsMember")]
    Task<bool> IsMember(string userId);
}
