using HubRealtime.Abstractions.Notes;
using HubRealtime.Abstractions.Presence;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.Workspace;

namespace HubRealtime.Abstractions.Realtime;

/// <summary>
/// The methods a connection may invoke on the room hub (client to server); each name is the method's
/// name on the wire. The hub implements it, the .NET client calls it by these names. Every method but
/// <see cref="JoinRoom"/>, <see cref="LeaveRoom"/>, <see cref="WatchRoom"/> and <see cref="UnwatchRoom"/>
/// needs the room joined on this connection (not_in_room otherwise); <see cref="GetHistory"/>,
/// <see cref="GetMissed"/> and <see cref="GetPresence"/> also answer for a watched room. Errors are
/// coded: "code: message" (docs/protocol.md).
/// </summary>
public interface IRoomHub
{
    /// <summary>
    /// Asks the room to admit the caller; once admitted, the connection gets the room's live events, is
    /// present, and receives the snapshot (room, newest events, last sequence, capabilities). A refused
    /// join leaves nothing behind.
    /// </summary>
    Task<RoomSnapshot> JoinRoom(string roomId);

    /// <summary>Ends the join (presence, writing); a watch of the room on this connection goes on.</summary>
    Task LeaveRoom(string roomId);

    /// <summary>
    /// Asks the room to admit the caller, as <see cref="JoinRoom"/> does, and returns the same snapshot;
    /// the connection then gets the room's live events and its presence list and deltas, but is not
    /// present and may only read. A refused watch leaves nothing behind; a revocation ends it.
    /// </summary>
    Task<RoomSnapshot> WatchRoom(string roomId);

    /// <summary>Ends the watch; a join of the room on this connection goes on.</summary>
    Task UnwatchRoom(string roomId);

    /// <summary>Sends a message, or a reply when <see cref="SendMessageRequest.ReplyToSeq"/> is set; answered once durable.</summary>
    Task<SendAck> SendMessage(string roomId, SendMessageRequest message);

    Task<ChangeAck> EditMessage(string roomId, long seq, string text);

    Task<ChangeAck> DeleteMessage(string roomId, long seq);

    Task<ChangeAck> React(string roomId, long seq, string emoji, bool add);

    Task MuteParticipant(string roomId, string userId, bool muted);

    Task<RoomEventPage> GetHistory(string roomId, long beforeSeq, int limit);

    Task<RoomEventPage> GetMissed(string roomId, long afterSeq, int limit);

    Task Typing(string roomId);

    Task<PresenceEvent> GetPresence(string roomId);

    /// <summary>
    /// Moves the caller's read position in a room they may read (not necessarily joined) to <paramref name="seq"/>;
    /// never backwards. Every connection of the caller on this server gets <c>ReadPositionChanged</c>.
    /// </summary>
    Task<ReadPosition> MarkRead(string roomId, long seq);

    /// <summary>
    /// Replaces the rooms this connection watches for <c>RoomActivity</c> (at most 200): returns those it
    /// may read (the others are left out). An empty list stops watching.
    /// </summary>
    Task<IReadOnlyList<string>> WatchActivity(IReadOnlyList<string> roomIds);

    /// <summary>
    /// Opens a note of a room this connection joined or watches: the note now (document, revision,
    /// capabilities, cursors), then its live revisions, cursors and state (docs/protocol.md, "Shared notes").
    /// </summary>
    Task<NoteSnapshot> OpenNote(string roomId, string doc);

    /// <summary>Stops the note's events on this connection; the caller's cursor goes.</summary>
    Task CloseNote(string noteId);

    /// <summary>Submits a change to an open note; answers once it is stored (the original revision for a resend).</summary>
    Task<NoteAck> SubmitNoteOp(string noteId, NoteSubmission op);

    /// <summary>Up to <paramref name="limit"/> (at most 500) revisions after <paramref name="afterRev"/>, ascending.</summary>
    Task<NoteOpPage> GetNoteOps(string noteId, long afterRev, int limit);

    /// <summary>Moves the caller's cursor in an open note (null clears it); not stored.</summary>
    Task MoveNoteCursor(string noteId, NoteSelection? cursor);

    /// <summary>Moderators: locks or unlocks an open note.</summary>
    Task LockNote(string noteId, bool locked);

    /// <summary>Sessions of editing of an open note before <paramref name="beforeRev"/> (0: from the newest), newest first.</summary>
    Task<NoteHistoryPage> GetNoteHistory(string noteId, long beforeRev);

    /// <summary>An open note as it was at <paramref name="rev"/>.</summary>
    Task<NoteVersion> GetNoteVersion(string noteId, long rev);

    /// <summary>The notes of a room this connection joined or watches: "main", then a working group's named ones.</summary>
    Task<IReadOnlyList<NoteInfo>> ListNotes(string roomId);

    /// <summary>Adds a named note to a working group's room this connection joined; then open it with <see cref="OpenNote"/>.</summary>
    Task<NoteInfo> CreateNote(string roomId, string doc, string title);

    /// <summary>Makes an open note what it was at <paramref name="rev"/>, as one new revision; audited.</summary>
    Task<NoteAck> RestoreNote(string noteId, long rev);
}

/// <summary>The wire names of <see cref="IRoomHub"/>'s methods.</summary>
public static class RoomHubMethods
{
    public const string JoinRoom = nameof(IRoomHub.JoinRoom);
    public const string LeaveRoom = nameof(IRoomHub.LeaveRoom);
    public const string WatchRoom = nameof(IRoomHub.WatchRoom);
    public const string UnwatchRoom = nameof(IRoomHub.UnwatchRoom);
    public const string SendMessage = nameof(IRoomHub.SendMessage);
    public const string EditMessage = nameof(IRoomHub.EditMessage);
    public const string DeleteMessage = nameof(IRoomHub.DeleteMessage);
    public const string React = nameof(IRoomHub.React);
    public const string MuteParticipant = nameof(IRoomHub.MuteParticipant);
    public const string GetHistory = nameof(IRoomHub.GetHistory);
    public const string GetMissed = nameof(IRoomHub.GetMissed);
    public const string Typing = nameof(IRoomHub.Typing);
    public const string GetPresence = nameof(IRoomHub.GetPresence);
    public const string MarkRead = nameof(IRoomHub.MarkRead);
    public const string WatchActivity = nameof(IRoomHub.WatchActivity);
    public const string OpenNote = nameof(IRoomHub.OpenNote);
    public const string CloseNote = nameof(IRoomHub.CloseNote);
    public const string SubmitNoteOp = nameof(IRoomHub.SubmitNoteOp);
    public const string GetNoteOps = nameof(IRoomHub.GetNoteOps);
    public const string MoveNoteCursor = nameof(IRoomHub.MoveNoteCursor);
    public const string LockNote = nameof(IRoomHub.LockNote);
    public const string GetNoteHistory = nameof(IRoomHub.GetNoteHistory);
    public const string GetNoteVersion = nameof(IRoomHub.GetNoteVersion);
    public const string RestoreNote = nameof(IRoomHub.RestoreNote);
    public const string ListNotes = nameof(IRoomHub.ListNotes);
    public const string CreateNote = nameof(IRoomHub.CreateNote);
}
