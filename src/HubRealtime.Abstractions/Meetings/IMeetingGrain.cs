using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Abstractions.Meetings;

/// <summary>
/// A meeting (keyed by its id, see <see cref="MeetingIds"/>): people, parallel sessions, each with a
/// plenary room, a facilitators' room and rounds of breakout rooms. Every method checks the caller
/// against the meeting's own lists: facilitator actions refuse participants (forbidden), and nobody
/// outside the meeting reads it (hub admins read it as observers).
/// </summary>
[Alias("HubRealtime.Abstractions.Meetings.IMeetingGrain")]
public interface IMeetingGrain : IGrainWithStringKey
{
    /// <summary>Hub admins, agency admins, or owners/facilitators of a listed working group; the creator becomes a facilitator.</summary>
    [Alias("Create")]
    Task<MeetingView> Create(Caller caller, NewMeeting meeting);

    /// <summary>Members and hub admins.</summary>
    [Alias("Get")]
    Task<MeetingView> Get(Caller caller);

    /// <summary>Members and hub admins: the line of "my meetings".</summary>
    [Alias("GetSummary")]
    Task<MeetingSummary> GetSummary(Caller caller);

    /// <summary>Facilitators: a new round of 2-400 named rooms, everyone unassigned (or replaces the current draft).</summary>
    [Alias("DraftBreakouts")]
    Task<BreakoutView> DraftBreakouts(Caller caller, string sessionId, IReadOnlyList<string> names);

    /// <summary>Facilitators: places participants in the drafted rooms (the preview; still a draft).</summary>
    [Alias("AssignBreakouts")]
    Task<BreakoutView> AssignBreakouts(Caller caller, string sessionId, BreakoutAssignment assignment);

    /// <summary>
    /// Facilitators: creates the rooms and starts the timer (1-240 minutes; warnings each below the duration).
    /// With <paramref name="noteTemplate"/> (plain text, at most 4,000 characters) every room's note starts from it.
    /// </summary>
    [Alias("OpenBreakouts")]
    Task<BreakoutView> OpenBreakouts(Caller caller, string sessionId, int durationMinutes, IReadOnlyList<int> warningMinutes, string? noteTemplate = null);

    /// <summary>Facilitators: moves the deadline of the open round later by 1-120 minutes.</summary>
    [Alias("ExtendBreakouts")]
    Task<BreakoutView> ExtendBreakouts(Caller caller, string sessionId, int minutes);

    /// <summary>Facilitators: moves a participant to another room of the current round (draft or open).</summary>
    [Alias("MoveParticipant")]
    Task<BreakoutView> MoveParticipant(Caller caller, string sessionId, string email, string roomId);

    /// <summary>Facilitators: closes every room of the open round now. Idempotent.</summary>
    [Alias("CloseBreakouts")]
    Task<BreakoutView> CloseBreakouts(Caller caller, string sessionId);

    /// <summary>Participants, in self-select mode: takes a place in a room with room left under the cap (room_full otherwise).</summary>
    [Alias("ChooseRoom")]
    Task<BreakoutView> ChooseRoom(Caller caller, string sessionId, string roomId);

    /// <summary>Facilitators: a notice to the plenary and every open breakout of the session.</summary>
    [Alias("Broadcast")]
    Task Broadcast(Caller caller, string sessionId, string text);

    /// <summary>
    /// Participants (and facilitators): a help request, kept open in the session until a facilitator resolves it
    /// and posted to the session's facilitators' room. Asking again while one is open updates it (same id).
    /// </summary>
    [Alias("RequestHelp")]
    Task RequestHelp(Caller caller, string sessionId, string text);

    /// <summary>
    /// Facilitators: resolves an open help request for every facilitator (a help.resolved notice). Resolving
    /// one that is already resolved changes nothing; an unknown id is not_found.
    /// </summary>
    [Alias("ResolveHelp")]
    Task ResolveHelp(Caller caller, string sessionId, int requestId);

    /// <summary>Facilitators: adds people (creation rules: active accounts, limits); new facilitators must use MFA.</summary>
    [Alias("AddPeople")]
    Task<MeetingView> AddPeople(Caller caller, MeetingPeopleChange change);

    /// <summary>Facilitators: removes someone from the meeting and every room of it (never the last facilitator: last_owner).</summary>
    [Alias("RemovePerson")]
    Task RemovePerson(Caller caller, string email);
}

/// <summary>The meetings a user belongs to (keyed by normalized e-mail); maintained by meeting grains.</summary>
[Alias("HubRealtime.Abstractions.Meetings.IMeetingMembershipGrain")]
public interface IMeetingMembershipGrain : IGrainWithStringKey
{
    /// <summary>Self or the system.</summary>
    [Alias("List")]
    Task<IReadOnlyList<string>> List(Caller caller);

    /// <summary>System only.</summary>
    [Alias("Add")]
    Task Add(Caller caller, string meetingId);

    /// <summary>System only; idempotent.</summary>
    [Alias("Remove")]
    Task Remove(Caller caller, string meetingId);
}
