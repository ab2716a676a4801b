using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Abstractions.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// Which notes each live connection of this silo has open, and how many local connections each note
/// has (which decides the silo's note feed). A note is opened through its room: the connection must have
/// joined or be watching the room, and leaving it (or losing access, or disconnecting) closes the room's
/// notes on that connection. The note grain decides access on every call; this only holds the feed,
/// the SignalR group and the cursor's lifetime.
/// </summary>
public sealed partial class NoteConnections
{
    /// <summary>Most notes one connection may have open at once.</summary>
    public const int MaxNotesPerConnection = 20;

    private readonly IGrainFactory _grains;
    private readonly IHubContext<RoomHub, IRoomClient> _hub;
    private readonly HubConnections _rooms;
    private readonly NoteFanout _feeds;
    private readonly ILogger<NoteConnections> _logger;
    private readonly Dictionary<string, Dictionary<string, OpenNote>> _byConnection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _local = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public NoteConnections(IGrainFactory grains, IHubContext<RoomHub, IRoomClient> hub, HubConnections rooms, NoteFanout feeds, ILogger<NoteConnections> logger)
    {
        _grains = grains;
        _hub = hub;
        _rooms = rooms;
        _feeds = feeds;
        _logger = logger;
        rooms.RoomReleased += (connectionId, roomId) => _ = CloseRoomAsync(connectionId, roomId);
    }

    /// <summary>
    /// Opens the note for this connection: the room must be held by it, the note grain must admit the
    /// caller; then feed, group and snapshot, in that order (anything stored after the snapshot arrives live).
    /// </summary>
    public async Task<NoteSnapshot> OpenAsync(string connectionId, string roomId, string doc)
    {
        _rooms.RequireReadable(connectionId, roomId);
        var caller = _rooms.CallerOf(connectionId);
        var noteId = NoteId.Of(roomId, doc);
        var note = _grains.GetGrain<INoteGrain>(noteId);
        OpenNote entry;
        lock (_gate)
        {
            var mine = _byConnection.TryGetValue(connectionId, out var found) ? found : _byConnection[connectionId] = new(StringComparer.Ordinal);
            if (mine.TryGetValue(noteId, out var already))
            {
                entry = already;
            }
            else
            {
                if (mine.Count >= MaxNotesPerConnection)
                {
                    throw HubRealtimeException.Invalid($"A connection has at most {MaxNotesPerConnection} notes open.");
                }
                entry = mine[noteId] = new OpenNote(noteId, roomId, caller);
            }
        }
        if (!ReferenceEquals(entry.Opening, null) && entry.Opening.IsCompletedSuccessfully)
        {
            return await note.Open(caller);
        }
        lock (_gate)
        {
            entry.Opening ??= AdmitAsync(connectionId, entry, note);
        }
        try
        {
            await entry.Opening;
            return await note.Open(caller);
        }
        catch
        {
            await CloseAsync(connectionId, noteId, leave: false);
            throw;
        }
    }

    private async Task AdmitAsync(string connectionId, OpenNote entry, INoteGrain note)
    {
        // The grain decides first (forbidden, room_not_found): nothing is held before it said yes.
        await note.GetHead(entry.Caller);
        Task subscription;
        lock (_gate)
        {
            if (!_local.TryGetValue(entry.NoteId, out var local))
            {
                _local[entry.NoteId] = local = new HashSet<string>(StringComparer.Ordinal);
            }
            local.Add(connectionId);
            entry.Feed = true;
            subscription = _feeds.Open(entry.NoteId);
        }
        await subscription;
        await _hub.Groups.AddToGroupAsync(connectionId, NoteGroups.Name(entry.NoteId));
        entry.Group = true;
    }

    /// <summary>Closes the note on this connection (no-op when not open); the caller's cursor goes.</summary>
    public Task CloseAsync(string connectionId, string noteId) => CloseAsync(connectionId, noteId, leave: true);

    private async Task CloseAsync(string connectionId, string noteId, bool leave)
    {
        OpenNote? entry;
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(connectionId, out var mine) || !mine.Remove(noteId, out entry))
            {
                return;
            }
            if (mine.Count == 0)
            {
                _byConnection.Remove(connectionId);
            }
            if (entry.Feed && _local.TryGetValue(noteId, out var local) && local.Remove(connectionId) && local.Count == 0)
            {
                _local.Remove(noteId);
                _feeds.Close(noteId);
            }
        }
        try
        {
            await _hub.Groups.RemoveFromGroupAsync(connectionId, NoteGroups.Name(noteId));
            if (leave)
            {
                await _grains.GetGrain<INoteGrain>(noteId).Leave(entry.Caller);
            }
        }
        catch (Exception error)
        {
            LogCloseFailed(error, noteId);
        }
    }

    /// <summary>The connection's grain of an open note, and its caller (not_in_room when the note is not open here, or its room no longer is).</summary>
    public (INoteGrain Note, Caller Caller) Require(string connectionId, string noteId)
    {
        var (roomId, _) = NoteId.Parse(noteId);
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(connectionId, out var mine) || !mine.TryGetValue(noteId, out var entry) || entry.Opening is not { IsCompletedSuccessfully: true })
            {
                throw new HubRealtimeException(ErrorCodes.NotInRoom, $"Open note '{noteId}' first.");
            }
        }
        _rooms.RequireReadable(connectionId, roomId);
        return (_grains.GetGrain<INoteGrain>(noteId), _rooms.CallerOf(connectionId));
    }

    /// <summary>The connection closed: every note it had open closes (cursors go).</summary>
    public async Task DisconnectedAsync(string connectionId)
    {
        string[] open;
        lock (_gate)
        {
            open = _byConnection.TryGetValue(connectionId, out var mine) ? [.. mine.Keys] : [];
        }
        foreach (var noteId in open)
        {
            await CloseAsync(connectionId, noteId, leave: true);
        }
    }

    /// <summary>The connection no longer holds the room (left it, lost access, disconnected): its notes close.</summary>
    private async Task CloseRoomAsync(string connectionId, string roomId)
    {
        string[] open;
        lock (_gate)
        {
            open = _byConnection.TryGetValue(connectionId, out var mine) ? [.. mine.Values.Where(n => n.RoomId == roomId).Select(n => n.NoteId)] : [];
        }
        foreach (var noteId in open)
        {
            await CloseAsync(connectionId, noteId, leave: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing note {NoteId} on a connection failed")]
    private partial void LogCloseFailed(Exception error, string noteId);

    private sealed class OpenNote(string noteId, string roomId, Caller caller)
    {
        public string NoteId { get; } = noteId;
        public string RoomId { get; } = roomId;
        public Caller Caller { get; } = caller;
        /// <summary>The admission (grain check, feed, group); other calls use the note once it completed.</summary>
        public Task? Opening { get; set; }
        public bool Feed { get; set; }
        public bool Group { get; set; }
    }
}
