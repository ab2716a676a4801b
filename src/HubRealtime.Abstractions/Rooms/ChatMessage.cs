namespace HubRealtime.Abstractions.Rooms;

/// <summary>A stored chat message. <see cref="Seq"/> is dense and monotonic per room, starting at 1.</summary>
[GenerateSerializer, Immutable]
public sealed record ChatMessage(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string ClientMessageId,
    [property: Id(3)] string SenderId,
    [property: Id(4)] string SenderName,
    [property: Id(5)] string Text,
    [property: Id(6)] DateTimeOffset SentAt);
