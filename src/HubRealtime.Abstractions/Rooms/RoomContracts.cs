namespace HubRealtime.Abstractions.Rooms;

[GenerateSerializer, Immutable]
public sealed record RoomInfo(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Title,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] string CreatedBy);

/// <summary>What a client receives when it joins: the room, its newest messages (ascending) and the last sequence.</summary>
[GenerateSerializer, Immutable]
public sealed record RoomSnapshot(
    [property: Id(0)] RoomInfo Room,
    [property: Id(1)] IReadOnlyList<ChatMessage> Messages,
    [property: Id(2)] long LastSeq);

[GenerateSerializer, Immutable]
public sealed record SendMessageRequest(
    [property: Id(0)] string ClientMessageId,
    [property: Id(1)] string Text);

/// <summary>
/// Sent back only once the message is durably stored. A resend with the same client message id
/// returns the original acknowledgement with <see cref="Duplicate"/> set.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SendAck(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string ClientMessageId,
    [property: Id(3)] DateTimeOffset SentAt,
    [property: Id(4)] bool Duplicate);

/// <summary>Messages in ascending sequence order.</summary>
[GenerateSerializer, Immutable]
public sealed record MessagePage(
    [property: Id(0)] IReadOnlyList<ChatMessage> Messages,
    [property: Id(1)] long LastSeq);

/// <summary>
/// Who may use a room. <see cref="OwnerScope"/> null: open to every identified caller (lobbies and
/// breakouts). Otherwise the room belongs to that scope (e.g. "group:{groupId}") and only the listed
/// user ids may join it, send to it or read its history; the owning grain keeps the list current.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RoomAccess(
    [property: Id(0)] string? OwnerScope,
    [property: Id(1)] IReadOnlyList<string> Members)
{
    /// <summary>Bounds the room's state, which holds the list.</summary>
    public const int MaxMembers = 1000;

    public const int MaxOwnerScopeLength = 100;

    public static RoomAccess Open { get; } = new(null, []);
}
