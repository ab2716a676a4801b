using HubRealtime.Grains.Common;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Grains.Security;
using HubRealtime.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Grains.Agencies;

/// <summary>
/// A vetted agency: its profile, members and recent invitations. Not reentrant: each call sees and
/// changes the state alone. Every in-memory change is written before the call goes on, and a failed
/// write reloads what storage holds.
/// </summary>
public sealed partial class AgencyGrain(
    [PersistentState("agency", StorageNames.Grains)] IPersistentState<AgencyState> state,
    TimeProvider time,
    ILogger<AgencyGrain> logger) : Grain, IAgencyGrain
{
    internal const int MaxMembers = 2000;
    internal const int MaxInvitationsKept = 200;
    internal const int MaxPendingInvitations = 100;

    private string Id => this.GetPrimaryKeyString();

    public async Task<AgencyInfo> Create(Caller caller, NewAgency agency)
    {
        var admin = await CallerAuthority.RequireHubAdminAsync(GrainFactory, caller);
        AgencyId.Validate(Id);
        if (agency is null)
        {
            throw HubRealtimeException.Invalid("An agency needs a name, a country and a kind.");
        }
        var name = AgencyInput.Name(agency.Name);
        var country = CountryCodes.Normalize(agency.Country);
        var kind = AgencyInput.Kind(agency.Kind);
        if (state.RecordExists)
        {
            throw new HubRealtimeException(ErrorCodes.AgencyExists, $"Agency '{Id}' already exists.");
        }
        var created = new AgencyState { Name = name, Country = country, Kind = kind, Active = true, CreatedAt = time.GetUtcNow(), CreatedBy = admin.Email };
        // Directory first: a crash before the state write leaves a listing that a retry overwrites,
        // never an agency the hub admins cannot see.
        await Directory().Upsert(Caller.System, Info(created));
        state.State = created;
        await WriteAsync();
        await AuditAsync(AuditScope.Hub, admin.Email, AuditActions.AgencyCreated, Id, $"name={name}; country={country}; kind={kind}");
        LogCreated(Id);
        return Info(state.State);
    }

    public async Task<AgencyInfo> GetInfo(Caller caller)
    {
        if (!CallerAuthority.IsSystem(caller))
        {
            var profile = await CallerAuthority.RequireActiveUserAsync(GrainFactory, caller);
            if (!profile.IsHubAdmin && profile.AgencyId != Id)
            {
                throw new HubRealtimeException(ErrorCodes.Forbidden, "Only members of this agency may see it.");
            }
        }
        EnsureExists();
        return Info(state.State);
    }

    public async Task<IReadOnlyList<AgencyMember>> ListMembers(Caller caller)
    {
        await CallerAuthority.RequireAgencyAdminAsync(GrainFactory, caller, Id);
        EnsureExists();
        // Role, name and status live in the user grains (admins change them there): read them fresh.
        var members = await Task.WhenAll(state.State.Members.Values.Select(CurrentAsync));
        return [.. members.OrderBy(m => m.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Email, StringComparer.Ordinal)];
    }

    public async Task<IssuedInvitation> Invite(Caller caller, string email, AgencyRole role, TimeSpan? lifetime)
    {
        var admin = await CallerAuthority.RequireAgencyAdminAsync(GrainFactory, caller, Id);
        EnsureExists();
        EnsureActive();
        var invitee = EmailAddress.Normalize(email);
        AgencyInput.Role(role);
        var expiresAt = time.GetUtcNow() + AgencyInput.InvitationLifetime(lifetime);
        if (await GrainFactory.GetGrain<IUserGrain>(invitee).Exists(Caller.System))
        {
            throw new HubRealtimeException(ErrorCodes.AccountExists, "An account with this e-mail address already exists.");
        }
        MakeRoomForInvitation();

        var (token, invitationId) = InvitationToken.New();
        var invitation = new InvitationInfo(invitationId, Id, invitee, role, InvitationStatus.Pending, expiresAt, admin.Email);
        // Listed here first, issued second: if issuing fails the token was never handed out, and the
        // listing is harmless (it cannot be accepted and expires).
        state.State.Invitations.Add(invitation);
        await WriteAsync();
        await GrainFactory.GetGrain<IInvitationGrain>(invitationId).Issue(Caller.System, invitation);
        await AuditAsync(AuditScope.Agency(Id), admin.Email, AuditActions.InvitationIssued, invitee, $"invitation={invitationId}; role={role}; expires={expiresAt:O}");
        LogInvited(Id, invitationId, role);
        return new IssuedInvitation(invitation, token);
    }

    public async Task<IReadOnlyList<InvitationInfo>> ListInvitations(Caller caller)
    {
        await CallerAuthority.RequireAgencyAdminAsync(GrainFactory, caller, Id);
        EnsureExists();
        var now = time.GetUtcNow();
        return [.. state.State.Invitations.Select(i => AsOf(i, now)).Reverse()];
    }

    public async Task RevokeInvitation(Caller caller, string invitationId)
    {
        var admin = await CallerAuthority.RequireAgencyAdminAsync(GrainFactory, caller, Id);
        EnsureExists();
        var index = InvitationToken.IsId(invitationId) ? state.State.Invitations.FindIndex(i => i.InvitationId == invitationId) : -1;
        if (index < 0)
        {
            throw new HubRealtimeException(ErrorCodes.InvitationInvalid, "This agency has no such invitation.");
        }
        var invitation = AsOf(state.State.Invitations[index], time.GetUtcNow());
        InvitationRules.RequirePending(invitation.Status);
        // The invitation grain decides (it may be mid-acceptance); repeating a revoke there is harmless,
        // so a retry after a crash here completes.
        await GrainFactory.GetGrain<IInvitationGrain>(invitationId).Revoke(Caller.System);
        state.State.Invitations[index] = invitation with { Status = InvitationStatus.Revoked };
        await WriteAsync();
        await AuditAsync(AuditScope.Agency(Id), admin.Email, AuditActions.InvitationRevoked, invitation.Email, $"invitation={invitationId}");
    }

    public async Task SetActive(Caller caller, bool active)
    {
        var admin = await CallerAuthority.RequireHubAdminAsync(GrainFactory, caller);
        EnsureExists();
        var changed = state.State.Active != active;
        if (changed)
        {
            state.State.Active = active;
            await WriteAsync();
        }
        // Always tell every member, so repeating the call finishes a fan-out that failed halfway.
        await Task.WhenAll(state.State.Members.Keys.Select(email =>
            GrainFactory.GetGrain<IUserGrain>(email).SetAgencyActive(Caller.System, active)));
        await Directory().Upsert(Caller.System, Info(state.State));
        if (changed)
        {
            await AuditAsync(AuditScope.Hub, admin.Email, active ? AuditActions.AgencyReactivated : AuditActions.AgencyDeactivated, Id, $"members={state.State.Members.Count}");
            LogActiveChanged(Id, active, state.State.Members.Count);
        }
    }

    public async Task AddMember(Caller caller, AgencyMember member)
    {
        CallerAuthority.RequireSystem(caller);
        EnsureExists();
        ArgumentNullException.ThrowIfNull(member);
        var email = EmailAddress.Normalize(member.Email);
        if (!state.State.Members.ContainsKey(email) && state.State.Members.Count >= MaxMembers)
        {
            throw HubRealtimeException.Invalid($"An agency has at most {MaxMembers} members.");
        }
        // An upsert: the invitation grain repeats it when it resumes an interrupted acceptance.
        state.State.Members[email] = member with { Email = email };
        await WriteAsync();
        if (!state.State.Active)
        {
            // Deactivated while the invitation was being accepted: the new member is suspended too.
            await GrainFactory.GetGrain<IUserGrain>(email).SetAgencyActive(Caller.System, false);
        }
    }

    public async Task UpdateInvitation(Caller caller, string invitationId, InvitationStatus status)
    {
        CallerAuthority.RequireSystem(caller);
        EnsureExists();
        var index = state.State.Invitations.FindIndex(i => i.InvitationId == invitationId);
        if (index >= 0 && state.State.Invitations[index].Status != status)
        {
            state.State.Invitations[index] = state.State.Invitations[index] with { Status = status };
            await WriteAsync();
        }
    }

    /// <summary>Keeps the list bounded: refuses beyond the pending limit, else drops the oldest settled invitation.</summary>
    private void MakeRoomForInvitation()
    {
        var now = time.GetUtcNow();
        var invitations = state.State.Invitations;
        if (invitations.Count(i => AsOf(i, now).Status == InvitationStatus.Pending) >= MaxPendingInvitations)
        {
            throw HubRealtimeException.Invalid($"This agency has {MaxPendingInvitations} pending invitations; revoke some or let them expire first.");
        }
        while (invitations.Count >= MaxInvitationsKept)
        {
            invitations.RemoveAt(invitations.FindIndex(i => AsOf(i, now).Status != InvitationStatus.Pending));
        }
    }

    private async Task<AgencyMember> CurrentAsync(AgencyMember member)
    {
        try
        {
            var profile = await GrainFactory.GetGrain<IUserGrain>(member.Email).GetProfile(Caller.System);
            return member with { DisplayName = profile.DisplayName, Role = profile.AgencyRole, Active = profile.Status == UserStatus.Active };
        }
        catch (HubRealtimeException)
        {
            return member with { Active = false };
        }
    }

    private static InvitationInfo AsOf(InvitationInfo invitation, DateTimeOffset now) =>
        invitation.Status == InvitationStatus.Pending && invitation.ExpiresAt <= now ? invitation with { Status = InvitationStatus.Expired } : invitation;

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw new HubRealtimeException(ErrorCodes.AgencyNotFound, $"Agency '{Id}' does not exist.");
        }
    }

    private void EnsureActive()
    {
        if (!state.State.Active)
        {
            throw new HubRealtimeException(ErrorCodes.AgencyInactive, "This agency is deactivated.");
        }
    }

    private Task WriteAsync() => state.WriteOrRevertAsync();

    private AgencyInfo Info(AgencyState s) => new(Id, s.Name, s.Country, s.Kind, s.Active, s.CreatedAt);

    private IAgencyDirectoryGrain Directory() => GrainFactory.GetGrain<IAgencyDirectoryGrain>(0);

    private Task AuditAsync(string scope, string actor, string action, string target, string details) =>
        GrainFactory.GetGrain<IAuditLogGrain>(scope).Append(Caller.System, new AuditEvent(actor, action, target, details));

    [LoggerMessage(Level = LogLevel.Information, Message = "Agency {AgencyId} created")]
    private partial void LogCreated(string agencyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agency {AgencyId} issued invitation {InvitationId} for role {Role}")]
    private partial void LogInvited(string agencyId, string invitationId, AgencyRole role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agency {AgencyId} active={Active}; {Members} members updated")]
    private partial void LogActiveChanged(string agencyId, bool active, int members);
}
