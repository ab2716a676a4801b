using HubRealtime.Abstractions.Notes;
using HubRealtime.Abstractions.Presence;
using HubRealtime.Abstractions.Realtime;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.Workspace;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// The realtime edge (docs/protocol.md). Thin on purpose: <see cref="HubConnections"/> decides what
/// this connection holds (rooms joined, feed, group, presence), the room grains hold the rules.
/// </summary>
public sealed class RoomHub(IGrainFactory grains, HubConnections connections, NoteConnections notes) : Hub<IRoomClient>, IRoomHub
{
    public const string Path = "/hubs/room";

    public Task<RoomSnapshot> JoinRoom(string roomId) => connections.JoinAsync(Context.ConnectionId, roomId);

    public Task LeaveRoom(string roomId) => connections.LeaveAsync(Context.ConnectionId, roomId);

    /// <summary>The room's live events and presence without being present in it: read only (docs/protocol.md).</summary>
    public Task<RoomSnapshot> WatchRoom(string roomId) => connections.WatchAsync(Context.ConnectionId, roomId);

    public Task UnwatchRoom(string roomId) => connections.UnwatchAsync(Context.ConnectionId, roomId);

    /// <summary>Tells the others in the room that the caller is typing (throttled per connection; not stored).</summary>
    public Task Typing(string roomId) => connections.TypingAsync(Context.ConnectionId, roomId);

    /// <summary>The room's full presence list with its version, for a client whose deltas had a gap.</summary>
    public Task<PresenceEvent> GetPresence(string roomId) => connections.GetPresenceAsync(Context.ConnectionId, roomId);

    public Task<SendAck> SendMessage(string roomId, SendMessageRequest message) =>
        Room(roomId).Send(Caller(), message);

    public Task<ChangeAck> EditMessage(string roomId, long seq, string text) =>
        Room(roomId).Edit(Caller(), seq, text);

    public Task<ChangeAck> DeleteMessage(string roomId, long seq) =>
        Room(roomId).Delete(Caller(), seq);

    public Task<ChangeAck> React(string roomId, long seq, string emoji, bool add) =>
        Room(roomId).React(Caller(), seq, emoji, add);

    public Task MuteParticipant(string roomId, string userId, bool muted) =>
        Room(roomId).Mute(Caller(), userId, muted);

    public Task<RoomEventPage> GetHistory(string roomId, long beforeSeq, int limit) =>
        Readable(roomId).GetHistoryBefore(Caller(), beforeSeq, limit);

    public Task<RoomEventPage> GetMissed(string roomId, long afterSeq, int limit) =>
        Readable(roomId).GetHistoryAfter(Caller(), afterSeq, limit);

    public Task<ReadPosition> MarkRead(string roomId, long seq) => connections.MarkReadAsync(Context.ConnectionId, roomId, seq);

    public Task<IReadOnlyList<string>> WatchActivity(IReadOnlyList<string> roomIds) => connections.WatchActivityAsync(Context.ConnectionId, roomIds);

    public Task<NoteSnapshot> OpenNote(string roomId, string doc) => notes.OpenAsync(Context.ConnectionId, roomId, doc);

    public Task CloseNote(string noteId) => notes.CloseAsync(Context.ConnectionId, noteId);

    public Task<NoteAck> SubmitNoteOp(string noteId, NoteSubmission op)
    {
        var (note, caller) = notes.Require(Context.ConnectionId, noteId);
        return note.Submit(caller, op);
    }

    public Task<NoteOpPage> GetNoteOps(string noteId, long afterRev, int limit)
    {
        var (note, caller) = notes.Require(Context.ConnectionId, noteId);
        return note.GetOpsAfter(caller, afterRev, limit);
    }

    public Task MoveNoteCursor(string noteId, NoteSelection? cursor)
    {
        var (note, caller) = notes.Require(Context.ConnectionId, noteId);
        return note.MoveCursor(caller, cursor);
    }

    public Task LockNote(string noteId, bool locked)
    {
        var (note, caller) = notes.Require(Context.ConnectionId, noteId);
        return note.SetLocked(caller, locked);
    }

    public Task<NoteHistoryPage> GetNoteHistory(string noteId, long beforeRev)
    {
        var (note, caller) = notes.Require(Context.ConnectionId, noteId);
        return note.GetHistory(caller, beforeRev);
    }

    public Task<NoteVersion> GetNoteVersion(string noteId, long rev)
    {
        var (note, caller) = notes.Require(Context.ConnectionId, noteId);
        return note.GetVersion(caller, rev);
    }

    public Task<IReadOnlyList<NoteInfo>> ListNotes(string roomId) => Readable(roomId).ListNotes(Caller());

    public Task<NoteInfo> CreateNote(string roomId, string doc, string title) => Room(roomId).AddNote(Caller(), doc, title);

    public Task<NoteAck> RestoreNote(string noteId, long rev)
    {
        var (note, caller) = notes.Require(Context.ConnectionId, noteId);
        return note.Restore(caller, rev);
    }

    public override Task OnConnectedAsync()
    {
        connections.Connected(Context);
        return Task.CompletedTask;
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await notes.DisconnectedAsync(Context.ConnectionId);
        await connections.DisconnectedAsync(Context.ConnectionId);
    }

    /// <summary>The room's grain, once this connection has joined it (not_in_room otherwise).</summary>
    private IRoomGrain Room(string roomId) => grains.GetGrain<IRoomGrain>(connections.RequireJoined(Context.ConnectionId, roomId));

    /// <summary>The room's grain, once this connection has joined or watches it (not_in_room otherwise).</summary>
    private IRoomGrain Readable(string roomId) => grains.GetGrain<IRoomGrain>(connections.RequireReadable(Context.ConnectionId, roomId));

    private Abstractions.Identity.Caller Caller() => connections.CallerOf(Context.ConnectionId);
}
