using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Abstractions.Meetings;

/// <summary>
/// A meeting (keyed by its id, see <see cref="MeetingIds"/>): people, parallel sessions, each with a
/// plenary room, a facilitators' room and rounds of breakout rooms. Every method checks the caller
/// against the meeting's own lists: facilitator actions refuse participants (forbidden), and nobody
/// outside the meeting reads it (hub admins read it as observers).
/// </summary>
public interface IMeetingGrain : IGrainWithStringKey
{
    /// <summary>Hub admins, agency admins, or owners/facilitators of a listed working group; the creator becomes a facilitator.</summary>
    Task<MeetingView> Create(Caller caller, NewMeeting meeting);

    /// <summary>Members and hub admins.</summary>
    Task<MeetingView> Get(Caller caller);

    /// <summary>Members and hub admins: the line of "my meetings".</summary>
    Task<MeetingSummary> GetSummary(Caller caller);

    /// <summary>Facilitators: a new round of 2-400 named rooms, everyone unassigned (or replaces the current draft).</summary>
    Task<BreakoutView> DraftBreakouts(Caller caller, string sessionId, IReadOnlyList<string> names);

    /// <summary>Facilitators: places participants in the drafted rooms (the preview; still a draft).</summary>
    Task<BreakoutView> AssignBreakouts(Caller caller, string sessionId, BreakoutAssignment assignment);

    /// <summary>Facilitators: creates the rooms and starts the timer (1-240 minutes; warnings each below the duration).</summary>
    Task<BreakoutView> OpenBreakouts(Caller caller, string sessionId, int durationMinutes, IReadOnlyList<int> warningMinutes);

    /// <summary>Facilitators: moves the deadline of the open round later by 1-120 minutes.</summary>
    Task<BreakoutView> ExtendBreakouts(Caller caller, string sessionId, int minutes);

    /// <summary>Facilitators: moves a participant to another room of the current round (draft or open).</summary>
    Task<BreakoutView> MoveParticipant(Caller caller, string sessionId, string email, string roomId);

    /// <summary>Facilitators: closes every room of the open round now. Idempotent.</summary>
    Task<BreakoutView> CloseBreakouts(Caller caller, string sessionId);

    /// <summary>Participants, in self-select mode: takes a place in a room with room left under the cap (room_full otherwise).</summary>
    Task<BreakoutView> ChooseRoom(Caller caller, string sessionId, string roomId);

    /// <summary>Facilitators: a notice to the plenary and every open breakout of the session.</summary>
    Task Broadcast(Caller caller, string sessionId, string text);

    /// <summary>Participants (and facilitators): a help request posted to the session's facilitators' room.</summary>
    Task RequestHelp(Caller caller, string sessionId, string text);

    /// <summary>Facilitators: adds people (creation rules: active accounts, limits); new facilitators must use MFA.</summary>
    Task<MeetingView> AddPeople(Caller caller, MeetingPeopleChange change);

    /// <summary>Facilitators: removes someone from the meeting and every room of it (never the last facilitator: last_owner).</summary>
    Task RemovePerson(Caller caller, string email);
}

/// <summary>The meetings a user belongs to (keyed by normalized e-mail); maintained by meeting grains.</summary>
public interface IMeetingMembershipGrain : IGrainWithStringKey
{
    /// <summary>Self or the system.</summary>
    Task<IReadOnlyList<string>> List(Caller caller);

    /// <summary>System only.</summary>
    Task Add(Caller caller, string meetingId);

    /// <summary>System only; idempotent.</summary>
    Task Remove(Caller caller, string meetingId);
}
