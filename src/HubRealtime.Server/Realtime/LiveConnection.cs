using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Realtime;

/// <summary>What a join or watch of one room has taken so far, so that whoever ends it undoes exactly that.</summary>
[Flags]
internal enum RoomStep
{
    None = 0,
    Feed = 1,
    Group = 2,
    /// <summary>Counted in the room's presence (the connection joined).</summary>
    Presence = 4,
    /// <summary>Follows the room's presence without being counted (the connection watches).</summary>
    Watcher = 8,
}

/// <summary>Why a connection holds a room: it joined it (present, may write), watches it (events and presence only), or both.</summary>
[Flags]
internal enum RoomHold
{
    None = 0,
    Watch = 1,
    Join = 2,
}

/// <summary>
/// One room of one connection: being admitted (steps under way) until <see cref="Admitted"/>. One entry
/// carries both holds, so a room joined and watched on one connection is in the feed and group once.
/// </summary>
internal sealed class RoomEntry(string roomId, RoomHold hold)
{
    public string RoomId { get; } = roomId;

    /// <summary>The room admitted the connection and every step is taken: other calls may use the room.</summary>
    public bool Admitted { get; set; }

    /// <summary>What the connection asked for; once admitted, <see cref="Steps"/> follow it (see HubConnections.Sync).</summary>
    public RoomHold Holds { get; set; } = hold;

    /// <summary>Left, revoked or disconnected: the join in flight, if any, must stop and undo.</summary>
    public bool Left { get; set; }

    public RoomStep Steps { get; set; }

    /// <summary>Completes when the join that created this entry ends: true when it joined.</summary>
    public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// One live hub connection of this silo and its rooms, guarded by <see cref="Gate"/> (several calls of
/// one connection run at once). Owned by <see cref="HubConnections"/>.
/// </summary>
internal sealed class LiveConnection(HubCallerContext context, Caller? caller)
{
    private readonly Dictionary<string, RoomEntry> _rooms = new(StringComparer.Ordinal);
    private bool _closed;

    public HubCallerContext Context { get; } = context;

    /// <summary>Fixed for the connection's life: a token's identity does not change under it.</summary>
    public Caller? Caller { get; } = caller;

    public Lock Gate { get; } = new();

    /// <summary>The room's entry, and whether this call created it (and so runs the admission, for <paramref name="hold"/>).</summary>
    public (RoomEntry Entry, bool Mine) Claim(string roomId, RoomHold hold)
    {
        lock (Gate)
        {
            if (_closed)
            {
                throw Closing();
            }
            if (_rooms.TryGetValue(roomId, out var entry))
            {
                return (entry, false);
            }
            if (_rooms.Count >= HubConnections.MaxRoomsPerConnection)
            {
                throw HubRealtimeException.Invalid($"A connection joins at most {HubConnections.MaxRoomsPerConnection} rooms at once; leave one first.");
            }
            entry = new RoomEntry(roomId, hold);
            _rooms[roomId] = entry;
            return (entry, true);
        }
    }

    /// <summary>The room admitted this connection and it holds the room in one of these ways.</summary>
    public bool Holds(string roomId, RoomHold any)
    {
        lock (Gate)
        {
            return _rooms.TryGetValue(roomId, out var entry) && entry.Admitted && (entry.Holds & any) != 0;
        }
    }

    /// <summary>Call under <see cref="Gate"/>: this entry is still the room's, not left.</summary>
    public bool IsCurrent(RoomEntry entry) =>
        !entry.Left && _rooms.TryGetValue(entry.RoomId, out var current) && current == entry;

    /// <summary>
    /// Ends one hold of the room. When another hold remains on an admitted entry the entry stays (the
    /// caller syncs its steps, under <see cref="Gate"/>, and gets <c>Whole</c> false); otherwise the entry
    /// is taken away as by <see cref="Remove"/> (<c>Whole</c> true). Null when the room was not held so.
    /// </summary>
    public (RoomEntry Entry, bool Whole)? Drop(string roomId, RoomHold hold)
    {
        lock (Gate)
        {
            if (!_rooms.TryGetValue(roomId, out var entry))
            {
                return null;
            }
            var rest = entry.Holds & ~hold;
            if (rest != RoomHold.None)
            {
                // A hold the connection does not have (an admission in flight carries only its own) is a no-op.
                if ((entry.Holds & hold) == 0)
                {
                    return null;
                }
                entry.Holds = rest;
                return (entry, false);
            }
            _rooms.Remove(roomId);
            entry.Left = true;
            return (entry, true);
        }
    }

    /// <summary>Takes the room's entry away (its taker undoes its steps); null when there is none.</summary>
    public RoomEntry? Remove(string roomId)
    {
        lock (Gate)
        {
            if (!_rooms.Remove(roomId, out var entry))
            {
                return null;
            }
            entry.Left = true;
            return entry;
        }
    }

    /// <summary>Removes this very entry if it is still the room's (a failed join); marks it left either way.</summary>
    public void Release(RoomEntry entry)
    {
        lock (Gate)
        {
            if (_rooms.TryGetValue(entry.RoomId, out var current) && current == entry)
            {
                _rooms.Remove(entry.RoomId);
            }
            entry.Left = true;
        }
    }

    /// <summary>Records a step the join took; throws not_in_room if the entry was left meanwhile (the caller then undoes).</summary>
    public void Mark(RoomEntry entry, RoomStep step)
    {
        lock (Gate)
        {
            entry.Steps |= step;
            ThrowIfLeft(entry);
        }
    }

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public static void ThrowIfLeft(RoomEntry entry)
    {
        if (entry.Left)
        {
            throw new HubRealtimeException(ErrorCodes.NotInRoom, $"Left room '{entry.RoomId}' while joining it.");
        }
    }

    /// <summary>The connection closed: every entry is left and handed to the caller to undo; later claims fail.</summary>
    public List<RoomEntry> TakeAllRooms()
    {
        lock (Gate)
        {
            _closed = true;
            var all = _rooms.Values.ToList();
            foreach (var entry in all)
            {
                entry.Left = true;
            }
            _rooms.Clear();
            return all;
        }
    }

    private static HubRealtimeException Closing() => new(ErrorCodes.NotInRoom, "This connection is closing.");
}
