using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Security;

namespace HubRealtime.Grains.Meetings;

/// <summary>
/// Changing the roster after creation. Adding: leads and listings first, then the state, then rooms grow.
/// Removing: rooms shrink first (the room cuts the live connection), then the state, then lead role and listing go.
/// </summary>
public sealed partial class MeetingGrain
{
    public async Task<MeetingView> AddPeople(Caller caller, MeetingPeopleChange change)
    {
        var profile = await CallerAuthority.RequireActiveUserAsync(GrainFactory, caller);
        var actor = RequireFacilitator(profile);
        if (change is null || (change.Participants?.Count ?? 0) + (change.Facilitators?.Count ?? 0) + (change.Agencies?.Count ?? 0) + (change.Groups?.Count ?? 0) == 0)
        {
            throw HubRealtimeException.Invalid("List participants, facilitators, agencies or groups to add.");
        }
        var found = await new MeetingRoster(GrainFactory, caller, profile).AddedAsync(change);
        // People already in the meeting keep their role.
        var added = found.Values.Where(p => !People.ContainsKey(p.Email)).OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        if (People.Count + added.Count > MeetingRules.MaxPeople)
        {
            throw HubRealtimeException.Invalid($"A meeting has at most {MeetingRules.MaxPeople} people.");
        }
        var newLeads = added.Where(p => p.Role == MeetingRole.Facilitator).ToList();
        if (Facilitators(People.Values).Count() + newLeads.Count > RoomAccess.MaxModerators)
        {
            throw HubRealtimeException.Invalid($"A meeting has at most {RoomAccess.MaxModerators} facilitators.");
        }
        if (added.Count == 0)
        {
            return View(actor.Email, actor.Role);
        }
        // Leads need MFA before the role counts; listings first: a crash afterwards leaves a listing that opens nothing.
        await Task.WhenAll(newLeads.Select(p => User(p.Email).SetLeadRole(Caller.System, Scope, true)));
        await Bounded.ForEachAsync([.. added.Select(p => p.Email)], e => GrainFactory.GetGrain<IMeetingMembershipGrain>(e).Add(Caller.System, Id));
        foreach (var person in added)
        {
            People[person.Email] = person;
        }
        await WriteAsync();
        await ApplyRoomAccessAsync(People.Values.ToList(), breakouts: newLeads.Count > 0);
        var emails = added.Select(p => p.Email).ToList();
        await RosterNoticeAsync([.. added.Select(p => p.DisplayName)], [], actor);
        await AuditAsync(actor.Email, MeetingAudit.PeopleAdded, Id,
            $"facilitators={newLeads.Count}; participants={added.Count - newLeads.Count}; people={string.Join(',', emails)}");
        return View(actor.Email, actor.Role);
    }

    public async Task RemovePerson(Caller caller, string email)
    {
        var actor = await RequireFacilitatorAsync(caller);
        if (!EmailAddress.TryNormalize(email, out var target) || !People.TryGetValue(target, out var person))
        {
            throw new HubRealtimeException(ErrorCodes.NotAMember, "This person is not in the meeting.");
        }
        if (person.Role == MeetingRole.Facilitator && Facilitators(People.Values).Count() == 1)
        {
            throw new HubRealtimeException(ErrorCodes.LastOwner, "A meeting keeps at least one facilitator.");
        }
        var remaining = People.Values.Where(p => p.Email != target).ToList();
        // Access shrinks before the state is written: a crash never leaves them in a room they left.
        await ApplyRoomAccessAsync(remaining, breakouts: true, without: target);
        People.Remove(target);
        foreach (var session in state.State.Sessions)
        {
            session.Assignment.Remove(target);
            session.HelpRequests.RemoveAll(h => h.Email == target); // nobody left to help
        }
        await WriteAsync();
        if (person.Role == MeetingRole.Facilitator)
        {
            await User(target).SetLeadRole(Caller.System, Scope, false);
        }
        await GrainFactory.GetGrain<IMeetingMembershipGrain>(target).Remove(Caller.System, Id);
        await RosterNoticeAsync([], [person.DisplayName], actor);
        await AuditAsync(actor.Email, MeetingAudit.PersonRemoved, target, $"role={person.Role}");
    }

    /// <summary>
    /// Sets every room of the meeting to <paramref name="people"/>: plenaries, facilitators' rooms, closed
    /// breakouts (readable by the whole meeting) and, when <paramref name="breakouts"/>, the open round's rooms
    /// (their members minus <paramref name="without"/>; the facilitators moderate).
    /// </summary>
    private async Task ApplyRoomAccessAsync(List<MeetingPerson> people, bool breakouts, string? without = null)
    {
        var everyone = PlenaryAccess(people);
        var leads = FacilitatorAccess(people);
        var moderators = Facilitators(people).ToList();
        foreach (var session in state.State.Sessions)
        {
            await Room(MeetingIds.Plenary(Id, session.SessionId)).ConfigureAccess(Caller.System, everyone);
            await Room(MeetingIds.Facilitators(Id, session.SessionId)).ConfigureAccess(Caller.System, leads);
            await Bounded.ForEachAsync([.. session.Outcomes.Select(o => o.RoomId)], roomId => Room(roomId).ConfigureAccess(Caller.System, everyone));
            if (breakouts && session.Phase == BreakoutPhase.Open)
            {
                await EachRoomAsync(session, i => Room(BreakoutRoomId(session, i)).ConfigureAccess(Caller.System, BreakoutAccess(session, i, moderators, without)));
            }
        }
    }

    /// <summary>Pages re-read the meeting (roster, rooms) when told. Display names only: participants read the plenary.</summary>
    private async Task RosterNoticeAsync(List<string> added, List<string> removed, MeetingPerson actor)
    {
        foreach (var session in state.State.Sessions)
        {
            await NoticeAsync(MeetingIds.Plenary(Id, session.SessionId), new MeetingRosterNotice(added, removed), actor,
                new MeetingRosterNotice([], []));
        }
    }
}
