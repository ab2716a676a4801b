namespace HubRealtime.Abstractions.Rooms;

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Rooms.RoomInfo")]
public sealed record RoomInfo(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Title,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] string CreatedBy,
    [property: Id(4)] bool Closed = false);

/// <summary>
/// What a client receives when it joins: the room, its newest events (ascending; messages in their current
/// state), the last sequence and <see cref="MessageCount"/>, the messages the room has stored in all (deleted
/// ones included; an O(1) counter), so that an overview counts on from it with the live messages.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Rooms.RoomSnapshot")]
public sealed record RoomSnapshot(
    [property: Id(0)] RoomInfo Room,
    [property: Id(1)] IReadOnlyList<RoomEvent> Events,
    [property: Id(2)] long LastSeq,
    [property: Id(3)] RoomCapabilities? Capabilities = null,
    [property: Id(4)] long MessageCount = 0);

/// <summary>
/// What the joining caller may do in the room, decided by the room grain from its state at the join
/// (docs/protocol.md, "Capabilities"). Clients show controls from this, never from their own guess.
/// Muted callers may still delete their own messages while the room is open. Later kinds of room
/// content (notes, polls) add named flags to <see cref="Flags"/> rather than new fields.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Rooms.RoomCapabilities")]
public sealed record RoomCapabilities(
    [property: Id(0)] bool Read,
    [property: Id(1)] bool Write,
    [property: Id(2)] bool Moderate,
    [property: Id(3)] bool Muted,
    [property: Id(4)] bool Closed,
    [property: Id(5)] IReadOnlyList<string> Flags)
{
    /// <summary>Named flag: the caller may delete their own messages (open room; muted or not).</summary>
    public const string DeleteOwn = "delete-own";

    public bool Has(string flag) => Flags.Contains(flag, StringComparer.Ordinal);
}

/// <summary>
/// A message to send; <see cref="ReplyToSeq"/> names an existing message of the room it answers;
/// <see cref="Mentions"/> the user ids it mentions (at most <see cref="ChatLimits.MaxMentions"/>, each
/// someone who may read the room).
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Rooms.SendMessageRequest")]
public sealed record SendMessageRequest(
    [property: Id(0)] string ClientMessageId,
    [property: Id(1)] string Text,
    [property: Id(2)] long? ReplyToSeq = null,
    [property: Id(3)] IReadOnlyList<string>? Mentions = null);

/// <summary>
/// A room's counters for a reader's list (no history): <see cref="MessageCount"/> is the room's running
/// message counter, so an unread count is <c>MessageCount</c> minus the counter at the reader's position.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Rooms.RoomActivity")]
public sealed record RoomActivity(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Title,
    [property: Id(2)] long LastSeq,
    [property: Id(3)] long MessageCount,
    [property: Id(4)] bool Closed);

/// <summary>A read position in a room: the sequence (at most the room's last) and the message counter there.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Rooms.RoomReadPoint")]
public sealed record RoomReadPoint(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long Seq,
    [property: Id(2)] long MessageCount);

/// <summary>
/// Sent back only once the message is durably stored. A resend with the same client message id
/// returns the original acknowledgement with <see cref="Duplicate"/> set.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Rooms.SendAck")]
public sealed record SendAck(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string ClientMessageId,
    [property: Id(3)] DateTimeOffset SentAt,
    [property: Id(4)] bool Duplicate);

/// <summary>A page of a room's events in ascending sequence order (messages in their current state).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.RoomEventPage")]
public sealed record RoomEventPage(
    [property: Id(0)] IReadOnlyList<RoomEvent> Events,
    [property: Id(1)] long LastSeq);

/// <summary>
/// Who may use a room. <see cref="OwnerScope"/> null: open to every identified caller (lobbies and
/// breakouts). Otherwise the room belongs to that scope (e.g. "group:{groupId}") and only the listed
/// user ids may join it, send to it or read its history; the owning grain keeps the list current.
/// </summary>
/// <remarks>
/// <see cref="Moderators"/> may always join (they count as members of a restricted room), delete any
/// message and mute participants. Null means none.
/// </remarks>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Rooms.RoomAccess")]
public sealed record RoomAccess(
    [property: Id(0)] string? OwnerScope,
    [property: Id(1)] IReadOnlyList<string> Members,
    IReadOnlyList<string>? Moderators = null)
{
    [Id(2)]
    public IReadOnlyList<string> Moderators { get; init; } = Moderators ?? [];

    public const int MaxModerators = 100;

    /// <summary>
    /// Bounds the room's state, which holds the list (written on access changes only, never per message;
    /// checked through a hash set). 2,500: a 2,000-person meeting's plenary with room to spare.
    /// </summary>
    public const int MaxMembers = 2500;

    public const int MaxOwnerScopeLength = 100;

    public static RoomAccess Open { get; } = new(null, []);
}

/// <summary>
/// A system notice posted into a room's stream (e.g. "breakouts.opened"). <see cref="PayloadJson"/> is a
/// JSON document (camelCase); the stored event's sender is <see cref="ActorId"/>, or "#system".
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Rooms.RoomNotice")]
public sealed record RoomNotice(
    [property: Id(0)] string Type,
    [property: Id(1)] string PayloadJson,
    [property: Id(2)] string? ActorId,
    [property: Id(3)] string? ActorName)
{
    public const int MaxTypeLength = 64;

    /// <summary>Longest payload, in UTF-16 code units (16 KiB).</summary>
    public const int MaxPayloadLength = 16 * 1024;
}

/// <summary>
/// The answer to an edit, delete or reaction: the event's sequence (0 when the change was a no-op, e.g.
/// a repeated delete, so nothing was appended) and the target message's event in its current state.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Rooms.ChangeAck")]
public sealed record ChangeAck(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long Seq,
    [property: Id(2)] RoomEvent Target);

/// <summary>A room's retention and its purge so far (since activation): for operators and tests.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Rooms.RoomRetentionStatus")]
public sealed record RoomRetentionStatus(
    [property: Id(0)] TimeSpan? Retention,
    [property: Id(1)] DateTimeOffset? LastPurgeAt,
    [property: Id(2)] long PurgedEvents);
