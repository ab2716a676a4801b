using HubRealtime.Grains.Common;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.WorkingGroups;
using HubRealtime.Grains.Security;
using HubRealtime.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Grains.WorkingGroups;

/// <summary>
/// A cross-agency working group and the access list of its room ("wg-{groupId}"). Not reentrant.
/// Membership changes are ordered so a crash never leaves a former member with access: room access
/// grows after the state is written and shrinks before it.
/// </summary>
public sealed partial class WorkingGroupGrain(
    [PersistentState("group", StorageNames.Grains)] IPersistentState<WorkingGroupState> state,
    TimeProvider time,
    ILogger<WorkingGroupGrain> logger) : Grain, IWorkingGroupGrain
{
    /// <summary>Bounds the state and the room's access list (at most <see cref="RoomAccess.MaxMembers"/>).</summary>
    internal const int MaxMembers = 500;

    private string Id => this.GetPrimaryKeyString();

    private string RoomId => GroupRules.RoomPrefix + Id;

    private string Scope => AuditScope.Group(Id);

    private Dictionary<string, WorkingGroupMember> Members => state.State.Members;

    public async Task<WorkingGroupInfo> Create(Caller caller, string title)
    {
        var creator = await CallerAuthority.RequireActiveUserAsync(GrainFactory, caller);
        if (creator.AgencyId is null && !creator.IsHubAdmin)
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "Only members of an agency or hub administrators create working groups.");
        }
        GroupRules.ValidateId(Id);
        var cleanTitle = GroupRules.Title(title);
        if (state.RecordExists)
        {
            throw new HubRealtimeException(ErrorCodes.GroupExists, $"Working group '{Id}' already exists.");
        }
        await CreateRoomAsync(cleanTitle, creator.Email);
        await User(creator.Email).SetGroupMembership(Caller.System, Id, true);
        await SetLeadAsync(creator.Email, GroupRole.Owner);
        state.State = new WorkingGroupState
        {
            Title = cleanTitle,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = creator.Email,
            Members = { [creator.Email] = new WorkingGroupMember(creator.Email, creator.DisplayName, creator.AgencyId, GroupRole.Owner) },
        };
        await WriteAsync();
        await AuditAsync(creator.Email, AuditActions.GroupCreated, Id, $"title={cleanTitle}; room={RoomId}");
        LogCreated(Id);
        return Info();
    }

    public async Task<WorkingGroupInfo> GetInfo(Caller caller)
    {
        await RequireReaderAsync(caller);
        return Info();
    }

    public async Task<IReadOnlyList<WorkingGroupMember>> ListMembers(Caller caller)
    {
        await RequireReaderAsync(caller);
        return [.. Members.Values
            .OrderByDescending(m => m.Role)
            .ThenBy(m => m.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(m => m.Email, StringComparer.Ordinal)];
    }

    public async Task AddMember(Caller caller, string email, GroupRole role)
    {
        var actor = await RequireMemberAsync(caller) ?? throw GroupRules.NotAllowed();
        if (!Enum.IsDefined(role))
        {
            throw HubRealtimeException.Invalid("Unknown working group role.");
        }
        var target = EmailAddress.Normalize(email);
        if (Members.TryGetValue(target, out var existing))
        {
            await ChangeRoleAsync(actor, existing, role);
            return;
        }
        if (!GroupRules.MayGrant(actor.Role, role))
        {
            throw GroupRules.NotAllowed();
        }
        if (Members.Count >= MaxMembers)
        {
            throw HubRealtimeException.Invalid($"A working group has at most {MaxMembers} members.");
        }
        var profile = await ActiveProfileAsync(target);
        // Listed in the user's groups first: a crash afterwards leaves a listing that opens nothing.
        await User(target).SetGroupMembership(Caller.System, Id, true);
        await SetLeadAsync(target, role);
        Members[target] = new WorkingGroupMember(target, profile.DisplayName, profile.AgencyId, role);
        await WriteAsync();
        await SyncRoomAsync(Members.Values);
        await AuditAsync(actor.Email, AuditActions.MemberJoined, target, $"role={role}; agency={profile.AgencyId}");
    }

    public async Task RemoveMember(Caller caller, string email)
    {
        var actor = await RequireMemberAsync(caller) ?? throw GroupRules.NotAllowed();
        var target = EmailAddress.Normalize(email);
        if (!Members.TryGetValue(target, out var member))
        {
            throw new HubRealtimeException(ErrorCodes.NotAMember, "This person is not a member of the working group.");
        }
        if (!GroupRules.MayRemove(actor.Role, member.Role))
        {
            throw GroupRules.NotAllowed();
        }
        if (IsLastOwner(member))
        {
            throw new HubRealtimeException(ErrorCodes.LastOwner, "The last owner cannot be removed; make another member owner first.");
        }
        await RemoveAsync(member, actor.Email, AuditActions.MemberRemoved);
    }

    public async Task Leave(Caller caller)
    {
        var member = await RequireMemberAsync(caller)
            ?? throw new HubRealtimeException(ErrorCodes.NotAMember, "You are not a member of this working group.");
        if (IsLastOwner(member) && Members.Count > 1)
        {
            throw new HubRealtimeException(ErrorCodes.LastOwner, "You are the last owner; make another member owner before leaving.");
        }
        await RemoveAsync(member, member.Email, AuditActions.MemberLeft);
    }

    public Task<bool> IsMember(string userId) =>
        Task.FromResult(state.RecordExists && EmailAddress.TryNormalize(userId, out var email) && Members.ContainsKey(email));

    private async Task ChangeRoleAsync(WorkingGroupMember actor, WorkingGroupMember member, GroupRole role)
    {
        if (member.Role == role)
        {
            return;
        }
        if (!GroupRules.MayRemove(actor.Role, member.Role) || !GroupRules.MayGrant(actor.Role, role))
        {
            throw GroupRules.NotAllowed();
        }
        if (IsLastOwner(member))
        {
            throw new HubRealtimeException(ErrorCodes.LastOwner, "The last owner keeps that role; make another member owner first.");
        }
        // A promotion needs MFA before the role counts; a demotion drops the requirement only once written.
        if (IsLead(role))
        {
            await SetLeadAsync(member.Email, role);
        }
        Members[member.Email] = member with { Role = role };
        await WriteAsync();
        await SyncRoomAsync(Members.Values);
        await SetLeadAsync(member.Email, role);
        await AuditAsync(actor.Email, AuditActions.RoleChanged, member.Email, $"from={member.Role}; to={role}");
    }

    private async Task RemoveAsync(WorkingGroupMember member, string actor, string action)
    {
        // Room access shrinks before the state is written: a crash in between leaves a member
        // without the room (the next change restores it), never a former member with it.
        await SyncRoomAsync(Members.Values.Where(m => m.Email != member.Email));
        Members.Remove(member.Email);
        await WriteAsync();
        await User(member.Email).SetGroupMembership(Caller.System, Id, false);
        await User(member.Email).SetLeadRole(Caller.System, Scope, false);
        await AuditAsync(actor, action, member.Email, $"role={member.Role}");
    }

    /// <summary>The group's room, restricted from its first moment; adopts only a room an interrupted create of this group made.</summary>
    private async Task CreateRoomAsync(string title, string creator)
    {
        var room = Room();
        var access = new RoomAccess(Scope, [creator], [creator]);
        try
        {
            await room.CreateRestricted(Caller.System, title, access);
        }
        catch (HubRealtimeException error) when (error.Code == ErrorCodes.RoomExists)
        {
            if ((await room.GetInfo(Caller.System)).CreatedBy != Scope)
            {
                throw new HubRealtimeException(ErrorCodes.GroupExists, $"The id '{Id}' is taken; choose another.");
            }
            await room.ConfigureAccess(Caller.System, access);
        }
    }

    /// <summary>The room's access: every member; owners and facilitators moderate it (delete any message, mute).</summary>
    private Task SyncRoomAsync(IEnumerable<WorkingGroupMember> members)
    {
        var list = members.ToList();
        return Room().ConfigureAccess(Caller.System, new RoomAccess(Scope, [.. list.Select(m => m.Email)], [.. list.Where(m => IsLead(m.Role)).Select(m => m.Email)]));
    }

    /// <summary>The caller's membership (null if none); unauthenticated, forbidden or group_not_found first.</summary>
    private async Task<WorkingGroupMember?> RequireMemberAsync(Caller caller)
    {
        var profile = await CallerAuthority.RequireActiveUserAsync(GrainFactory, caller);
        EnsureExists();
        return Members.GetValueOrDefault(profile.Email);
    }

    private async Task RequireReaderAsync(Caller caller)
    {
        if (CallerAuthority.IsSystem(caller))
        {
            EnsureExists();
            return;
        }
        var profile = await CallerAuthority.RequireActiveUserAsync(GrainFactory, caller);
        EnsureExists();
        if (!profile.IsHubAdmin && !Members.ContainsKey(profile.Email))
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "Only members of this working group may see it.");
        }
    }

    private async Task<UserProfile> ActiveProfileAsync(string email)
    {
        var user = User(email);
        if (await user.Exists(Caller.System))
        {
            var profile = await user.GetProfile(Caller.System);
            if (profile.Status == UserStatus.Active)
            {
                return profile;
            }
        }
        throw new HubRealtimeException(ErrorCodes.UserNotFound, "There is no active account with this e-mail address.");
    }

    private static bool IsLead(GroupRole role) => role >= GroupRole.Facilitator;

    /// <summary>
    /// Tells the user grain whether they lead this group: owners and facilitators must use MFA. Set before
    /// a lead role is written and cleared after, so a crash errs on the side of requiring MFA.
    /// </summary>
    private Task SetLeadAsync(string email, GroupRole role) => User(email).SetLeadRole(Caller.System, Scope, IsLead(role));

    private bool IsLastOwner(WorkingGroupMember member) =>
        member.Role == GroupRole.Owner && Members.Values.Count(m => m.Role == GroupRole.Owner) == 1;

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw new HubRealtimeException(ErrorCodes.GroupNotFound, $"Working group '{Id}' does not exist.");
        }
    }

    private Task WriteAsync() => state.WriteOrRevertAsync();

    private WorkingGroupInfo Info() => new(Id, state.State.Title, RoomId, state.State.CreatedAt, state.State.CreatedBy);

    private IRoomGrain Room() => GrainFactory.GetGrain<IRoomGrain>(RoomId);

    private IUserGrain User(string email) => GrainFactory.GetGrain<IUserGrain>(email);

    private Task AuditAsync(string actor, string action, string target, string details) =>
        GrainFactory.GetGrain<IAuditLogGrain>(Scope).Append(Caller.System, new AuditEvent(actor, action, target, details));

    [LoggerMessage(Level = LogLevel.Information, Message = "Working group {GroupId} created")]
    private partial void LogCreated(string groupId);
}
