namespace HubRealtime.Abstractions.Rooms;

/// <summary>What one event of a room's dense sequence is. Numbers are stable: they are stored and sent.</summary>
[Alias("HubRealtime.Abstractions.Rooms.RoomEventKind")]
public enum RoomEventKind
{
    /// <summary>A chat message (possibly a reply: <see cref="MessagePayload"/>).</summary>
    Message = 0,

    /// <summary>The sender changed the text of a message (<see cref="EditPayload"/>).</summary>
    Edit = 1,

    /// <summary>A message was deleted by its sender or a moderator (<see cref="DeletePayload"/>).</summary>
    Delete = 2,

    /// <summary>A reaction on a message was added or removed (<see cref="ReactionPayload"/>).</summary>
    Reaction = 3,

    /// <summary>A system notice (<see cref="NoticePayload"/>).</summary>
    Notice = 4,
}
