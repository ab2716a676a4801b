namespace HubRealtime.Abstractions.Rooms;

/// <summary>What one event of a room's dense sequence is. Numbers are stable: they are stored and sent.</summary>
[Alias("HubRealtime.Abstractions.Rooms.RoomEventKind")]
public enum RoomEventKind
{
    /// <summary>A chat message (possibly a reply: <see cref="ChatMessage.ReplyToSeq"/>).</summary>
    Message = 0,

    /// <summary>The sender changed the text of message <see cref="ChatMessage.TargetSeq"/>; Text is the new text.</summary>
    Edit = 1,

    /// <summary>Message <see cref="ChatMessage.TargetSeq"/> was deleted (by its sender or a moderator).</summary>
    Delete = 2,

    /// <summary>A reaction on <see cref="ChatMessage.TargetSeq"/> was added or removed; Text is the emoji.</summary>
    Reaction = 3,

    /// <summary>A system notice (<see cref="ChatMessage.NoticeType"/>); Text is its JSON payload.</summary>
    Notice = 4,
}
