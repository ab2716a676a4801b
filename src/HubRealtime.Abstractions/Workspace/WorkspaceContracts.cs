using HubRealtime.Abstractions.Meetings;

namespace HubRealtime.Abstractions.Workspace;

/// <summary>Bounds of a user's workspace (docs/protocol.md, "Workspace").</summary>
public static class WorkspaceLimits
{
    /// <summary>Rooms other than groups and meetings kept in "rooms I joined": the most recent ones.</summary>
    public const int MaxJoinedRooms = 100;

    /// <summary>Read positions kept (any room): the least recently moved go first.</summary>
    public const int MaxReadMarks = 500;

    /// <summary>Unread mentions kept per room (the newest); a count shows at most this many.</summary>
    public const int MaxMentionsPerRoom = 99;

    /// <summary>Rooms one hub connection may watch for activity at once.</summary>
    public const int MaxWatchedRooms = 200;

    /// <summary>A read position is written to storage at most this often per user; moves in between are kept in memory and flushed.</summary>
    public static readonly TimeSpan ReadWriteInterval = TimeSpan.FromSeconds(1);
}

/// <summary>Where a meeting is in time for the reader: live (between start and end), upcoming or ended.</summary>
[Alias("HubRealtime.Abstractions.Workspace.MeetingTimeState")]
public enum MeetingTimeState
{
    Live = 0,
    Upcoming = 1,
    Ended = 2,
}

/// <summary>
/// One room of the workspace with the reader's counters: <see cref="Unread"/> = messages after the read
/// position, <see cref="Mentions"/> = messages after it that mention the reader.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Workspace.WorkspaceRoom")]
public sealed record WorkspaceRoom(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Title,
    [property: Id(2)] long LastSeq,
    [property: Id(3)] long ReadSeq,
    [property: Id(4)] long Unread,
    [property: Id(5)] int Mentions,
    [property: Id(6)] bool Closed);

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Workspace.WorkspaceGroup")]
public sealed record WorkspaceGroup(
    [property: Id(0)] string GroupId,
    [property: Id(1)] WorkspaceRoom Room);

/// <summary>A running breakout round of a session, with the reader's room (null for facilitators, who roam, and the unplaced).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Workspace.WorkspaceRound")]
public sealed record WorkspaceRound(
    [property: Id(0)] int Round,
    [property: Id(1)] DateTimeOffset? Deadline,
    [property: Id(2)] string? MyRoomId,
    [property: Id(3)] string? MyRoomName);

/// <summary>
/// A session of a listed meeting. For its facilitators, <see cref="FacilitatorRoomId"/> (watched for help
/// notices wherever they are in the app) and <see cref="OpenHelp"/>, the open help requests (the meeting's
/// state: the same for every facilitator); null and 0 for everyone else.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Workspace.WorkspaceSession")]
public sealed record WorkspaceSession(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string Title,
    [property: Id(2)] WorkspaceRoom Plenary,
    [property: Id(3)] WorkspaceRound? Round,
    [property: Id(4)] string? FacilitatorRoomId = null,
    [property: Id(5)] int OpenHelp = 0);

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Workspace.WorkspaceMeeting")]
public sealed record WorkspaceMeeting(
    [property: Id(0)] string MeetingId,
    [property: Id(1)] string Title,
    [property: Id(2)] DateTimeOffset StartsAt,
    [property: Id(3)] DateTimeOffset EndsAt,
    [property: Id(4)] string TimeZone,
    [property: Id(5)] MeetingRole Role,
    [property: Id(6)] MeetingTimeState State,
    [property: Id(7)] IReadOnlyList<WorkspaceSession> Sessions);

/// <summary>
/// Everything the sidebar and the landing page show, in one answer: the reader's working groups (by
/// title), meetings (live first, then upcoming by start, then ended, newest first) and the other rooms
/// they joined (most recent first), each with unread and mention counts. Only what the reader may read
/// now is listed.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Workspace.WorkspaceView")]
public sealed record WorkspaceView(
    [property: Id(0)] IReadOnlyList<WorkspaceGroup> Groups,
    [property: Id(1)] IReadOnlyList<WorkspaceMeeting> Meetings,
    [property: Id(2)] IReadOnlyList<WorkspaceRoom> Rooms,
    [property: Id(3)] DateTimeOffset At);

/// <summary>The reader's position in a room after <c>MarkRead</c>: its sequence and the mentions still unread there.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Workspace.ReadPosition")]
public sealed record ReadPosition(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long ReadSeq,
    [property: Id(2)] int Mentions);

/// <summary>One new message of a watched room, as much as a list needs: who sent it and whom it mentions.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Workspace.ActivityMessage")]
public sealed record ActivityMessage(
    [property: Id(0)] long Seq,
    [property: Id(1)] string SenderId,
    [property: Id(2)] IReadOnlyList<string> Mentions);

/// <summary>
/// The hub's <c>RoomActivity</c> event: a watched room stored events up to <see cref="LastSeq"/>; the new
/// messages among them (ascending) are <see cref="Messages"/>, and the types of its notices (e.g.
/// "breakouts.opened", "help.requested") are <see cref="Notices"/>, so that a workspace knows when a
/// meeting's state changed without watching its rooms' whole streams. Sent once per stored batch per server.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Workspace.RoomActivityEvent")]
public sealed record RoomActivityEvent(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long LastSeq,
    [property: Id(2)] IReadOnlyList<ActivityMessage> Messages,
    [property: Id(3)] IReadOnlyList<string>? Notices = null);
