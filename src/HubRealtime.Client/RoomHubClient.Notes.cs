using HubRealtime.Abstractions.Notes;
using HubRealtime.Abstractions.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace HubRealtime.Client;

/// <summary>The shared-notes part of the hub protocol (docs/protocol.md, "Shared notes").</summary>
public sealed partial class RoomHubClient
{
    public Task<NoteSnapshot> OpenNoteAsync(string roomId, string doc = NoteId.Main, CancellationToken cancellationToken = default) =>
        Invoke<NoteSnapshot>(RoomHubMethods.OpenNote, [roomId, doc], cancellationToken);

    public Task CloseNoteAsync(string noteId, CancellationToken cancellationToken = default) =>
        Invoke<object?>(RoomHubMethods.CloseNote, [noteId], cancellationToken);

    public Task<NoteAck> SubmitNoteOpAsync(string noteId, NoteSubmission op, CancellationToken cancellationToken = default) =>
        Invoke<NoteAck>(RoomHubMethods.SubmitNoteOp, [noteId, op], cancellationToken);

    public Task<NoteOpPage> GetNoteOpsAsync(string noteId, long afterRev, int limit, CancellationToken cancellationToken = default) =>
        Invoke<NoteOpPage>(RoomHubMethods.GetNoteOps, [noteId, afterRev, limit], cancellationToken);

    public Task MoveNoteCursorAsync(string noteId, NoteSelection? cursor, CancellationToken cancellationToken = default) =>
        Invoke<object?>(RoomHubMethods.MoveNoteCursor, [noteId, cursor], cancellationToken);

    public Task LockNoteAsync(string noteId, bool locked, CancellationToken cancellationToken = default) =>
        Invoke<object?>(RoomHubMethods.LockNote, [noteId, locked], cancellationToken);

    public Task<NoteHistoryPage> GetNoteHistoryAsync(string noteId, long beforeRev = 0, CancellationToken cancellationToken = default) =>
        Invoke<NoteHistoryPage>(RoomHubMethods.GetNoteHistory, [noteId, beforeRev], cancellationToken);

    public Task<NoteVersion> GetNoteVersionAsync(string noteId, long rev, CancellationToken cancellationToken = default) =>
        Invoke<NoteVersion>(RoomHubMethods.GetNoteVersion, [noteId, rev], cancellationToken);

    public Task<NoteAck> RestoreNoteAsync(string noteId, long rev, CancellationToken cancellationToken = default) =>
        Invoke<NoteAck>(RoomHubMethods.RestoreNote, [noteId, rev], cancellationToken);

    public Task<IReadOnlyList<NoteInfo>> ListNotesAsync(string roomId, CancellationToken cancellationToken = default) =>
        Invoke<IReadOnlyList<NoteInfo>>(RoomHubMethods.ListNotes, [roomId], cancellationToken);

    public Task<NoteInfo> CreateNoteAsync(string roomId, string doc, string title, CancellationToken cancellationToken = default) =>
        Invoke<NoteInfo>(RoomHubMethods.CreateNote, [roomId, doc, title], cancellationToken);

    /// <summary>Subscribes to <c>NoteOps</c>: newly stored revisions of an open note, ascending.</summary>
    public IDisposable OnNoteOps(Action<NoteOpsEvent> handler) =>
        Connection.On<NoteOpsEvent>(RoomClientEvents.NoteOps, handler);

    public IDisposable OnNoteCursor(Action<NoteCursor> handler) =>
        Connection.On<NoteCursor>(RoomClientEvents.NoteCursor, handler);

    public IDisposable OnNoteState(Action<NoteStateEvent> handler) =>
        Connection.On<NoteStateEvent>(RoomClientEvents.NoteState, handler);
}
