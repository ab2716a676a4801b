using System.Text.Json.Serialization;
namespace HubRealtime.Abstractions.Rooms;

/// <summary>The typed fields of a notice; its JSON <c>type</c> is the notice type (see <see cref="RoomNoticeTypes"/>).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.RoomNoticeBody")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(BreakoutsDraftNotice), RoomNoticeTypes.BreakoutsDraft)]
[JsonDerivedType(typeof(BreakoutsAssignedNotice), RoomNoticeTypes.BreakoutsAssigned)]
[JsonDerivedType(typeof(BreakoutsOpenedNotice), RoomNoticeTypes.BreakoutsOpened)]
[JsonDerivedType(typeof(BreakoutsMovedNotice), RoomNoticeTypes.BreakoutsMoved)]
[JsonDerivedType(typeof(BreakoutsChosenNotice), RoomNoticeTypes.BreakoutsChosen)]
[JsonDerivedType(typeof(BreakoutsExtendedNotice), RoomNoticeTypes.BreakoutsExtended)]
[JsonDerivedType(typeof(BreakoutsWarningNotice), RoomNoticeTypes.BreakoutsWarning)]
[JsonDerivedType(typeof(BreakoutsClosingNotice), RoomNoticeTypes.BreakoutsClosing)]
[JsonDerivedType(typeof(BreakoutsClosedNotice), RoomNoticeTypes.BreakoutsClosed)]
[JsonDerivedType(typeof(BroadcastNotice), RoomNoticeTypes.Broadcast)]
[JsonDerivedType(typeof(HelpRequestedNotice), RoomNoticeTypes.HelpRequested)]
[JsonDerivedType(typeof(HelpResolvedNotice), RoomNoticeTypes.HelpResolved)]
[JsonDerivedType(typeof(MeetingRosterNotice), RoomNoticeTypes.MeetingRoster)]
[JsonDerivedType(typeof(ParticipantMutedNotice), RoomNoticeTypes.ParticipantMuted)]
[JsonDerivedType(typeof(ParticipantUnmutedNotice), RoomNoticeTypes.ParticipantUnmuted)]
[JsonDerivedType(typeof(OtherNotice), RoomNoticeTypes.Other)]
public abstract record RoomNoticeBody;

/// <summary>Every notice type the hub posts. Stable: they are stored and sent.</summary>
public static class RoomNoticeTypes
{
    public const string BreakoutsDraft = "breakouts.draft";
    public const string BreakoutsAssigned = "breakouts.assigned";
    public const string BreakoutsOpened = "breakouts.opened";
    public const string BreakoutsMoved = "breakouts.moved";
    public const string BreakoutsChosen = "breakouts.chosen";
    public const string BreakoutsExtended = "breakouts.extended";
    public const string BreakoutsWarning = "breakouts.warning";
    public const string BreakoutsClosing = "breakouts.closing";
    public const string BreakoutsClosed = "breakouts.closed";
    public const string Broadcast = "broadcast";
    public const string HelpRequested = "help.requested";
    public const string HelpResolved = "help.resolved";
    public const string MeetingRoster = "meeting.roster";
    public const string ParticipantMuted = "participant.muted";
    public const string ParticipantUnmuted = "participant.unmuted";

    /// <summary>The body type of a notice this build does not know (its JSON is kept as is).</summary>
    public const string Other = "other";
}

/// <summary>A round's draft was started (plenary).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.BreakoutsDraftNotice")]
public sealed record BreakoutsDraftNotice([property: Id(0)] int Round) : RoomNoticeBody;

/// <summary>A new preview of the placements (plenary); <see cref="Mode"/> as in the meeting's BreakoutView.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.BreakoutsAssignedNotice")]
public sealed record BreakoutsAssignedNotice(
    [property: Id(0)] int Round,
    [property: Id(1)] string Mode,
    [property: Id(2)] int? Cap) : RoomNoticeBody;

/// <summary>
/// One breakout of an opened round: its member count (participants read the plenary, so no member list).
/// Notices stored by earlier releases carry <see cref="Members"/> (e-mails) instead, or an empty list.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.BreakoutRoomNotice")]
public sealed record BreakoutRoomNotice(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Name,
    [property: Id(2)] int? MemberCount = null,
    [property: Id(3)] IReadOnlyList<string>? Members = null);

/// <summary>
/// The round opened (plenary). Over the notice size limit <see cref="Rooms"/> is empty and
/// <see cref="RoomCount"/> says how many (read the meeting).
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.BreakoutsOpenedNotice")]
public sealed record BreakoutsOpenedNotice(
    [property: Id(0)] int Round,
    [property: Id(1)] IReadOnlyList<BreakoutRoomNotice> Rooms,
    [property: Id(2)] DateTimeOffset? Deadline,
    [property: Id(3)] IReadOnlyList<int> WarningMinutes,
    [property: Id(4)] int? RoomCount = null) : RoomNoticeBody;

/// <summary>
/// A participant, named by display name, was moved (plenary); <see cref="FromRoomId"/> is null when they
/// were unassigned. Notices stored by earlier releases name them by <see cref="Email"/> instead.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.BreakoutsMovedNotice")]
public sealed record BreakoutsMovedNotice(
    [property: Id(0)] string? FromRoomId,
    [property: Id(1)] string ToRoomId,
    [property: Id(2)] string? DisplayName = null,
    [property: Id(3)] string? Email = null) : RoomNoticeBody;

/// <summary>
/// A participant chose a room of a self-select round before it opened (facilitators' room only, so that the
/// console's preview follows the choices live without a line per choice in the plenary).
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.BreakoutsChosenNotice")]
public sealed record BreakoutsChosenNotice(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string DisplayName) : RoomNoticeBody;

/// <summary>The round's deadline moved (plenary and each open breakout).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.BreakoutsExtendedNotice")]
public sealed record BreakoutsExtendedNotice([property: Id(0)] DateTimeOffset Deadline) : RoomNoticeBody;

/// <summary>Minutes left before the round closes (each open breakout).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.BreakoutsWarningNotice")]
public sealed record BreakoutsWarningNotice(
    [property: Id(0)] int MinutesLeft,
    [property: Id(1)] DateTimeOffset Deadline) : RoomNoticeBody;

/// <summary>This breakout closes now and becomes read-only (each breakout).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.BreakoutsClosingNotice")]
public sealed record BreakoutsClosingNotice : RoomNoticeBody;

/// <summary>
/// The round closed (plenary), with each room's outcome. Over the size limit <see cref="Outcomes"/> is
/// empty and <see cref="RoomCount"/> says how many.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.BreakoutsClosedNotice")]
public sealed record BreakoutsClosedNotice(
    [property: Id(0)] int Round,
    [property: Id(1)] IReadOnlyList<BreakoutOutcomeNotice> Outcomes,
    [property: Id(2)] int? RoomCount = null) : RoomNoticeBody;

/// <summary>
/// One closed breakout in a <see cref="BreakoutsClosedNotice"/>: member count, not members (participants
/// read the plenary). Notices stored by earlier releases carry <see cref="Members"/> (e-mails) instead.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.BreakoutOutcomeNotice")]
public sealed record BreakoutOutcomeNotice(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Name,
    [property: Id(2)] long MessageCount,
    [property: Id(3)] DateTimeOffset ClosedAt,
    [property: Id(4)] int? MemberCount = null,
    [property: Id(5)] IReadOnlyList<string>? Members = null);

/// <summary>A facilitator's broadcast (plenary and each open breakout).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.BroadcastNotice")]
public sealed record BroadcastNotice(
    [property: Id(0)] string Text,
    [property: Id(1)] string FromName) : RoomNoticeBody;

/// <summary>A participant asks for help (facilitators' room); <see cref="RoomId"/> is the asker's breakout, or the plenary.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.HelpRequestedNotice")]
public sealed record HelpRequestedNotice(
    [property: Id(0)] string Email,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string RoomId,
    [property: Id(3)] string Text,
    [property: Id(4)] int? RequestId = null) : RoomNoticeBody;

/// <summary>
/// A facilitator resolved help request <see cref="RequestId"/> of <see cref="Email"/> (facilitators' room):
/// every facilitator's queue drops it. Stored before it is sent, like the request.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.HelpResolvedNotice")]
public sealed record HelpResolvedNotice(
    [property: Id(0)] int RequestId,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string ResolvedBy,
    [property: Id(4)] string ResolvedByName) : RoomNoticeBody;

/// <summary>The meeting's roster changed (each plenary): re-read the meeting. Lists are empty when they did not fit.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.MeetingRosterNotice")]
public sealed record MeetingRosterNotice(
    [property: Id(0)] IReadOnlyList<string> Added,
    [property: Id(1)] IReadOnlyList<string> Removed) : RoomNoticeBody;

/// <summary>A moderator (the actor) muted <see cref="UserId"/> in this room.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.ParticipantMutedNotice")]
public sealed record ParticipantMutedNotice(
    [property: Id(0)] string UserId,
    [property: Id(1)] bool Muted = true) : RoomNoticeBody;

/// <summary>A moderator (the actor) unmuted <see cref="UserId"/> in this room.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.ParticipantUnmutedNotice")]
public sealed record ParticipantUnmutedNotice(
    [property: Id(0)] string UserId,
    [property: Id(1)] bool Muted = false) : RoomNoticeBody;

/// <summary>A notice of a type this build does not know, or whose payload does not fit its type: the stored JSON as is.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.OtherNotice")]
public sealed record OtherNotice([property: Id(0)] string Json) : RoomNoticeBody;
