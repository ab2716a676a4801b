namespace HubRealtime.Abstractions.Meetings;

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Meetings.NewSession")]
public sealed record NewSession(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string Title);

/// <summary>A meeting to create. Participants = listed e-mails + active members of listed agencies + members of listed groups.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Meetings.NewMeeting")]
public sealed record NewMeeting(
    [property: Id(0)] string Title,
    [property: Id(1)] DateTimeOffset StartsAt,
    [property: Id(2)] DateTimeOffset EndsAt,
    [property: Id(3)] string TimeZone,
    [property: Id(4)] IReadOnlyList<NewSession> Sessions,
    [property: Id(5)] IReadOnlyList<string> Facilitators,
    [property: Id(6)] IReadOnlyList<string> Participants,
    [property: Id(7)] IReadOnlyList<string> Agencies,
    [property: Id(8)] IReadOnlyList<string> Groups,
    [property: Id(9)] int? RetentionDays = null);

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Meetings.MeetingSummary")]
public sealed record MeetingSummary(
    [property: Id(0)] string MeetingId,
    [property: Id(1)] string Title,
    [property: Id(2)] DateTimeOffset StartsAt,
    [property: Id(3)] DateTimeOffset EndsAt,
    [property: Id(4)] string TimeZone,
    [property: Id(5)] MeetingRole Role);

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Meetings.FacilitatorView")]
public sealed record FacilitatorView(
    [property: Id(0)] string Email,
    [property: Id(1)] string DisplayName);

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Meetings.ParticipantView")]
public sealed record ParticipantView(
    [property: Id(0)] string Email,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string? AgencyId,
    [property: Id(3)] string? Country);

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Meetings.BreakoutRoomView")]
public sealed record BreakoutRoomView(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Members);

/// <summary>
/// A closed breakout room as attached to the session's record: its round (1, 2, ...; 0 for outcomes stored
/// before rounds were recorded) and when the round opened, so the record reads round by round.
/// <see cref="MemberNames"/> are the members' display names at closing, in the order of <see cref="Members"/>;
/// participants get the names only (<see cref="Members"/>, the e-mails, is empty for them).
/// <see cref="NoteRev"/> is the last revision of the room's note when it closed (read-only since; 0: nobody wrote in it).
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Meetings.BreakoutOutcome")]
public sealed record BreakoutOutcome(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Members,
    [property: Id(3)] long MessageCount,
    [property: Id(4)] DateTimeOffset ClosedAt,
    [property: Id(5)] int Round = 0,
    [property: Id(6)] DateTimeOffset? OpenedAt = null,
    [property: Id(7)] IReadOnlyList<string>? MemberNames = null,
    [property: Id(8)] long NoteRev = 0);

/// <summary>
/// The current round of a session. Participants see every room's name but only their own room's
/// members; <see cref="Outcomes"/> lists every closed room of every round, oldest first.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Meetings.BreakoutView")]
public sealed record BreakoutView(
    [property: Id(0)] int Round,
    [property: Id(1)] BreakoutPhase Phase,
    [property: Id(2)] AssignmentMode Mode,
    [property: Id(3)] IReadOnlyList<BreakoutRoomView> Rooms,
    [property: Id(4)] string? MyRoomId,
    [property: Id(5)] DateTimeOffset? OpensAt,
    [property: Id(6)] DateTimeOffset? Deadline,
    [property: Id(7)] IReadOnlyList<int> WarningMinutes,
    [property: Id(8)] int? SelfSelectCap,
    [property: Id(9)] IReadOnlyList<BreakoutOutcome> Outcomes);

/// <summary>
/// A help request still open (facilitators only): who asks, from which room (their breakout, or the plenary),
/// what they wrote and when. A person has at most one open request per session; asking again updates it.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Meetings.HelpRequestView")]
public sealed record HelpRequestView(
    [property: Id(0)] int RequestId,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string RoomId,
    [property: Id(4)] string Text,
    [property: Id(5)] DateTimeOffset At);

/// <summary><see cref="HelpRequests"/>: the session's open help requests, oldest first, for facilitators (empty for others).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Meetings.SessionView")]
public sealed record SessionView(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string Title,
    [property: Id(2)] string PlenaryRoomId,
    [property: Id(3)] string? FacilitatorRoomId,
    [property: Id(4)] BreakoutView Breakouts,
    [property: Id(5)] IReadOnlyList<HelpRequestView>? HelpRequests = null);

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Meetings.MeetingView")]
public sealed record MeetingView(
    [property: Id(0)] string MeetingId,
    [property: Id(1)] string Title,
    [property: Id(2)] DateTimeOffset StartsAt,
    [property: Id(3)] DateTimeOffset EndsAt,
    [property: Id(4)] string TimeZone,
    [property: Id(5)] MeetingRole Role,
    [property: Id(6)] IReadOnlyList<FacilitatorView> Facilitators,
    [property: Id(7)] IReadOnlyList<ParticipantView> Participants,
    [property: Id(8)] IReadOnlyList<SessionView> Sessions,
    [property: Id(9)] int? RetentionDays = null);

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Meetings.ManualPlacement")]
public sealed record ManualPlacement(
    [property: Id(0)] string Email,
    [property: Id(1)] string RoomId);

/// <summary>How to place participants in the drafted rooms: the fields the mode needs (placements, cap or csv).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Meetings.BreakoutAssignment")]
public sealed record BreakoutAssignment(
    [property: Id(0)] AssignmentMode Mode,
    [property: Id(1)] IReadOnlyList<ManualPlacement>? Placements,
    [property: Id(2)] int? Cap,
    [property: Id(3)] string? Csv);
