using System.Text.Json.Serialization;
using HubRealtime.Abstractions.Streams;

namespace HubRealtime.Abstractions.Rooms;

/// <summary>Who made an event: a user, or the system (<c>#system</c>, empty display name).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.EventActor")]
public sealed record EventActor(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName);

/// <summary>
/// One event of a room's stream, typed: the envelope (room, dense sequence, kind, time, actor) and the
/// payload of its kind (<see cref="MessagePayload"/>, <see cref="EditPayload"/>, <see cref="DeletePayload"/>,
/// <see cref="ReactionPayload"/>, <see cref="NoticePayload"/>). <see cref="Kind"/> always matches the
/// payload's type. On the wire: docs/protocol.md, "The room event".
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.RoomEvent")]
public sealed record RoomEvent(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long Seq,
    [property: Id(2)] RoomEventKind Kind,
    [property: Id(3)] DateTimeOffset Time,
    [property: Id(4)] EventActor Actor,
    [property: Id(5)] RoomEventPayload Payload) : ISequenced;

/// <summary>The payload of a room event; its JSON <c>type</c> is the event's kind.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.RoomEventPayload")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(MessagePayload), "message")]
[JsonDerivedType(typeof(EditPayload), "edit")]
[JsonDerivedType(typeof(DeletePayload), "delete")]
[JsonDerivedType(typeof(ReactionPayload), "reaction")]
[JsonDerivedType(typeof(NoticePayload), "notice")]
public abstract record RoomEventPayload;

/// <summary>
/// A chat message in its CURRENT state (history and snapshots fold later edits, deletes and reactions into
/// it; live, it arrives as sent). <see cref="ReplyToSeq"/> names the message it answers.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.MessagePayload")]
public sealed record MessagePayload(
    [property: Id(0)] string ClientMessageId,
    [property: Id(1)] string Text,
    [property: Id(2)] long? ReplyToSeq,
    [property: Id(3)] DateTimeOffset? EditedAt,
    [property: Id(4)] bool Deleted,
    [property: Id(5)] IReadOnlyList<ReactionSummary> Reactions,
    IReadOnlyList<string>? Mentions = null) : RoomEventPayload
{
    /// <summary>The user ids the message mentions (empty once deleted, and for messages stored before mentions existed).</summary>
    [Id(6)]
    public IReadOnlyList<string> Mentions { get; init; } = Mentions ?? [];

    // Value equality on the reaction list too, so that an event read back equals the one written.
    public bool Equals(MessagePayload? other) =>
        other is not null && ClientMessageId == other.ClientMessageId && Text == other.Text && ReplyToSeq == other.ReplyToSeq &&
        EditedAt == other.EditedAt && Deleted == other.Deleted && Reactions.SequenceEqual(other.Reactions) &&
        Mentions.SequenceEqual(other.Mentions);

    public override int GetHashCode() => HashCode.Combine(ClientMessageId, Text, Deleted);
}

/// <summary>The sender changed the text of message <see cref="TargetSeq"/> to <see cref="Text"/> (erased, "", once it is deleted).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.EditPayload")]
public sealed record EditPayload(
    [property: Id(0)] long TargetSeq,
    [property: Id(1)] string Text) : RoomEventPayload;

/// <summary>Message <see cref="TargetSeq"/> was deleted (by its sender or a moderator: the actor).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.DeletePayload")]
public sealed record DeletePayload(
    [property: Id(0)] long TargetSeq) : RoomEventPayload;

/// <summary>
/// The actor added (<see cref="Added"/>) or removed <see cref="Emoji"/> on message <see cref="TargetSeq"/>;
/// <see cref="Reactions"/> is the target's full reaction list after the change.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.ReactionPayload")]
public sealed record ReactionPayload(
    [property: Id(0)] long TargetSeq,
    [property: Id(1)] string Emoji,
    [property: Id(2)] bool Added,
    [property: Id(3)] IReadOnlyList<ReactionSummary> Reactions) : RoomEventPayload
{
    public bool Equals(ReactionPayload? other) =>
        other is not null && TargetSeq == other.TargetSeq && Emoji == other.Emoji && Added == other.Added && Reactions.SequenceEqual(other.Reactions);

    public override int GetHashCode() => HashCode.Combine(TargetSeq, Emoji, Added);
}

/// <summary>
/// A system notice: <see cref="NoticeType"/> names it (e.g. "breakouts.opened") and <see cref="Notice"/>
/// holds its typed fields (<see cref="OtherNotice"/> for a type this build does not know).
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Rooms.NoticePayload")]
public sealed record NoticePayload(
    [property: Id(0)] string NoticeType,
    [property: Id(1)] RoomNoticeBody Notice) : RoomEventPayload;
