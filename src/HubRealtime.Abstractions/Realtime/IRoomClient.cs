using HubRealtime.Abstractions.Notes;
using HubRealtime.Abstractions.Presence;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.Workspace;

namespace HubRealtime.Abstractions.Realtime;

/// <summary>
/// The events the room hub pushes to a connection (server to client). Each method name is the event's
/// name on the wire, defined here once for the server, the .NET client and docs/protocol.md; the
/// TypeScript client mirrors them in <c>protocol.ts</c>.
/// </summary>
public interface IRoomClient
{
    /// <summary>Newly stored events of a joined room: contiguous, ascending by sequence.</summary>
    Task Events(string roomId, IReadOnlyList<RoomEvent> events);

    /// <summary>The caller lost access to a joined room: it is no longer joined and gets nothing more of it.</summary>
    Task RoomAccessRevoked(string roomId);

    /// <summary>The full presence list of a joined room (once after joining, or after a presence restart).</summary>
    Task Presence(PresenceEvent presence);

    /// <summary>Who joined, changed or left a joined room since the version the connection holds.</summary>
    Task PresenceChanged(PresenceChangedEvent change);

    /// <summary>Someone else in a joined room is typing.</summary>
    Task Typing(TypingEvent typing);

    /// <summary>A watched room stored new events (see <c>WatchActivity</c>).</summary>
    Task RoomActivity(RoomActivityEvent activity);

    /// <summary>The user's read position in a room moved (from any of their connections).</summary>
    Task ReadPositionChanged(ReadPosition position);

    /// <summary>Newly stored revisions of an open note: contiguous, ascending (the connection's own included).</summary>
    Task NoteOps(NoteOpsEvent ops);

    /// <summary>An editor of an open note moved their cursor, or left (cursor null).</summary>
    Task NoteCursor(NoteCursor cursor);

    /// <summary>An open note was locked or unlocked.</summary>
    Task NoteState(NoteStateEvent state);
}

/// <summary>The wire names of <see cref="IRoomClient"/>'s events, for clients that subscribe by name.</summary>
public static class RoomClientEvents
{
    public const string Events = nameof(IRoomClient.Events);
    public const string RoomAccessRevoked = nameof(IRoomClient.RoomAccessRevoked);
    public const string Presence = nameof(IRoomClient.Presence);
    public const string PresenceChanged = nameof(IRoomClient.PresenceChanged);
    public const string Typing = nameof(IRoomClient.Typing);
    public const string RoomActivity = nameof(IRoomClient.RoomActivity);
    public const string ReadPositionChanged = nameof(IRoomClient.ReadPositionChanged);
    public const string NoteOps = nameof(IRoomClient.NoteOps);
    public const string NoteCursor = nameof(IRoomClient.NoteCursor);
    public const string NoteState = nameof(IRoomClient.NoteState);
}
