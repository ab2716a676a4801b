using HubRealtime.Abstractions.Streams;

namespace HubRealtime.Abstractions.Rooms;

/// <summary>
/// The stored row of one event of a room's log (the storage format of every release): the room grain keeps
/// and writes rows, and hands out the typed <see cref="RoomEvent"/> of each (<see cref="RoomEvents.FromRow"/>);
/// rows never cross the grain boundary. <see cref="Seq"/> is dense and monotonic per room, starting at 1.
/// A <see cref="RoomEventKind.Message"/> row carries its CURRENT state (<see cref="EditedAt"/>,
/// <see cref="Deleted"/>, <see cref="Reactions"/>); Edit, Delete and Reaction events name the message
/// they act on in <see cref="TargetSeq"/>. A Reaction event's <see cref="Reactions"/> is the target's
/// full reaction list after the change.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Rooms.ChatMessage")]
public sealed record ChatMessage(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string ClientMessageId,
    [property: Id(3)] string SenderId,
    [property: Id(4)] string SenderName,
    [property: Id(5)] string Text,
    [property: Id(6)] DateTimeOffset SentAt,
    [property: Id(7)] RoomEventKind Kind = RoomEventKind.Message,
    [property: Id(8)] long? TargetSeq = null,
    [property: Id(9)] long? ReplyToSeq = null,
    [property: Id(10)] string? NoticeType = null,
    [property: Id(11)] DateTimeOffset? EditedAt = null,
    [property: Id(12)] bool Deleted = false,
    IReadOnlyList<ReactionSummary>? Reactions = null,
    IReadOnlyList<string>? Mentions = null) : ISequenced
{
    /// <summary>Never null: an empty list when nobody reacted (or for events other than messages).</summary>
    [Id(13)]
    public IReadOnlyList<ReactionSummary> Reactions { get; init; } = Reactions ?? [];

    /// <summary>The user ids a message mentions (at most <see cref="ChatLimits.MaxMentions"/>); empty for other events and older rows.</summary>
    [Id(14)]
    public IReadOnlyList<string> Mentions { get; init; } = Mentions ?? [];

    /// <summary>
    /// How many messages the room held through this event (every kind carries it; rows written before the
    /// counter existed carry 0), so an unread count is the difference of two numbers, whatever the history.
    /// </summary>
    [Id(15)]
    public long MessageNo { get; init; }

    // Value equality on the reaction lists too, so that a row read back from storage equals what was written.
    public bool Equals(ChatMessage? other) =>
        other is not null &&
        RoomId == other.RoomId && Seq == other.Seq && ClientMessageId == other.ClientMessageId &&
        SenderId == other.SenderId && SenderName == other.SenderName && Text == other.Text &&
        SentAt == other.SentAt && Kind == other.Kind && TargetSeq == other.TargetSeq &&
        ReplyToSeq == other.ReplyToSeq && NoticeType == other.NoticeType && EditedAt == other.EditedAt &&
        Deleted == other.Deleted && Reactions.SequenceEqual(other.Reactions) &&
        Mentions.SequenceEqual(other.Mentions) && MessageNo == other.MessageNo;

    public override int GetHashCode() => HashCode.Combine(RoomId, Seq, Kind, Text);
}
