using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.WorkingGroups;

namespace HubRealtime.Grains.Meetings;

/// <summary>
/// Who a new meeting holds, and whether its creator may make it: hub admins; agency admins (listing
/// only their own agency); owners and facilitators of the working groups they list. Participants =
/// listed e-mails + active members of listed agencies + members of listed groups, deduplicated,
/// active accounts only; listed facilitators and the creator are facilitators.
/// </summary>
internal sealed class MeetingRoster(IGrainFactory grains, Caller caller, UserProfile creator)
{
    private readonly Dictionary<string, AgencyInfo?> _agencies = new(StringComparer.Ordinal);

    public Task<Dictionary<string, MeetingPerson>> BuildAsync(NewMeeting meeting) =>
        CollectAsync(meeting.Facilitators, meeting.Participants, meeting.Agencies, meeting.Groups, creating: true);

    /// <summary>
    /// The people a facilitator adds later (the change's actor is that facilitator): the same sources
    /// and checks, except the right to create a meeting, and the facilitator is not listed again.
    /// </summary>
    public Task<Dictionary<string, MeetingPerson>> AddedAsync(MeetingPeopleChange change) =>
        CollectAsync(change.Facilitators, change.Participants, change.Agencies, change.Groups, creating: false);

    private async Task<Dictionary<string, MeetingPerson>> CollectAsync(
        IReadOnlyList<string>? listedFacilitators, IReadOnlyList<string>? listedParticipants,
        IReadOnlyList<string>? agencies, IReadOnlyList<string>? groups, bool creating)
    {
        var agencyIds = Distinct(agencies, "agencies");
        var groupIds = Distinct(groups, "working groups");
        var leadsAGroup = false;
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var groupId in groupIds)
        {
            var members = await grains.GetGrain<IWorkingGroupGrain>(RoomId.Validate(groupId)).ListMembers(caller);
            var mine = members.FirstOrDefault(m => m.Email == creator.Email);
            if (!creator.IsHubAdmin && mine?.Role is not (GroupRole.Owner or GroupRole.Facilitator))
            {
                throw new HubRealtimeException(ErrorCodes.Forbidden, $"Only owners and facilitators of working group '{groupId}' may invite it to a meeting.");
            }
            leadsAGroup = true;
            candidates.UnionWith(members.Select(m => m.Email));
        }
        if (creating && !creator.IsHubAdmin && creator.AgencyRole != AgencyRole.Admin && !leadsAGroup)
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "Hub administrators, agency administrators and working-group leads create meetings.");
        }
        foreach (var agencyId in agencyIds)
        {
            // Agency admins list only their own agency: the agency grain refuses anyone else.
            var members = await grains.GetGrain<IAgencyGrain>(RoomId.Validate(agencyId)).ListMembers(caller);
            candidates.UnionWith(members.Where(m => m.Active).Select(m => m.Email));
        }
        var facilitators = new HashSet<string>((listedFacilitators ?? []).Select(EmailAddress.Normalize), StringComparer.Ordinal);
        if (creating)
        {
            facilitators.Add(creator.Email);
        }
        if (facilitators.Count > RoomAccess.MaxModerators)
        {
            throw HubRealtimeException.Invalid($"A meeting has at most {RoomAccess.MaxModerators} facilitators.");
        }
        var listed = (listedParticipants ?? []).Select(EmailAddress.Normalize).ToList();
        if (facilitators.Count + listed.Count > MeetingRules.MaxPeople)
        {
            throw HubRealtimeException.Invalid($"A meeting has at most {MeetingRules.MaxPeople} people.");
        }
        var people = new Dictionary<string, MeetingPerson>(StringComparer.Ordinal);
        // Named people must exist; people brought by an agency or a group are skipped when inactive.
        // Looked up concurrently (bounded: up to 2,500 user grains); the first missing one in list order is reported.
        var named = facilitators.Concat(listed).Distinct(StringComparer.Ordinal).ToList();
        var found = await Bounded.SelectAsync(named, email => PersonAsync(email, facilitators.Contains(email)));
        for (var i = 0; i < named.Count; i++)
        {
            people[named[i]] = found[i] ?? throw new HubRealtimeException(ErrorCodes.UserNotFound, $"There is no active account for {named[i]}.");
        }
        var others = candidates.Where(e => !people.ContainsKey(e)).ToList();
        if (people.Count + others.Count > MeetingRules.MaxPeople)
        {
            throw HubRealtimeException.Invalid($"A meeting has at most {MeetingRules.MaxPeople} people.");
        }
        // Concurrent lookups; their continuations run one at a time on the meeting grain's scheduler.
        foreach (var person in await Bounded.SelectAsync(others, e => PersonAsync(e, false)))
        {
            if (person is not null)
            {
                people[person.Email] = person;
            }
        }
        return people;
    }

    private async Task<MeetingPerson?> PersonAsync(string email, bool facilitator)
    {
        var user = grains.GetGrain<IUserGrain>(email);
        if (!await user.Exists(Caller.System))
        {
            return null;
        }
        var profile = await user.GetProfile(Caller.System);
        if (profile.Status != UserStatus.Active)
        {
            return null;
        }
        var agency = profile.AgencyId is null ? null : await AgencyAsync(profile.AgencyId);
        return new MeetingPerson(email, profile.DisplayName, profile.AgencyId, agency?.Country,
            facilitator ? MeetingRole.Facilitator : MeetingRole.Participant);
    }

    private async Task<AgencyInfo?> AgencyAsync(string agencyId)
    {
        if (!_agencies.TryGetValue(agencyId, out var info))
        {
            try
            {
                info = await grains.GetGrain<IAgencyGrain>(agencyId).GetInfo(Caller.System);
            }
            catch (HubRealtimeException error) when (error.Code is ErrorCodes.AgencyNotFound or ErrorCodes.InvalidArgument)
            {
                // An account whose agency is unknown still takes part; balanced placement treats it as countryless.
                info = null;
            }
            _agencies[agencyId] = info;
        }
        return info;
    }

    private static List<string> Distinct(IReadOnlyList<string>? ids, string what)
    {
        var list = (ids ?? []).Distinct(StringComparer.Ordinal).ToList();
        return list.Count <= MeetingRules.MaxListedSources
            ? list
            : throw HubRealtimeException.Invalid($"At most {MeetingRules.MaxListedSources} {what}.");
    }
}
