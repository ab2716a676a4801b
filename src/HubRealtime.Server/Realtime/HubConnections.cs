using System.Collections.Concurrent;
using System.Security.Claims;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Presence;
using HubRealtime.Abstractions.Realtime;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Server.Authentication;
using HubRealtime.Server.Identity;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// The one owner of this silo's live hub connections: who is connected (by user, for revocations),
/// which rooms each connection joined or watches, how many local connections each room has (which decides the
/// silo's feed subscription), and each joined connection's presence. The hub calls it once per action;
/// <see cref="RoomFanout"/> and <see cref="PresenceFanout"/> only carry out what it decides.
/// </summary>
/// <remarks>
/// A join holds nothing the room did not grant: the room grain admits the caller first, and only then
/// does the connection enter the feed, the SignalR group and presence. Until the join completes the
/// room counts as not joined for every other call (<see cref="RequireJoined"/>), and a leave,
/// disconnect or revocation that lands meanwhile undoes each step the join already took.
/// </remarks>
public sealed partial class HubConnections(
    IGrainFactory grains,
    IHubContext<RoomHub, IRoomClient> hub,
    RoomFanout feeds,
    PresenceFanout presence,
    ILogger<HubConnections> logger)
{
    /// <summary>Most rooms one connection may have joined at once (a client shows a handful).</summary>
    public const int MaxRoomsPerConnection = 100;

    private readonly ConcurrentDictionary<string, LiveConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, LiveConnection>> _byUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _roomConnections = new(StringComparer.Ordinal);
    private readonly Lock _roomsGate = new();

    /// <summary>A connection no longer holds a room (left, revoked, disconnected): what hangs off the room (its open notes) ends.</summary>
    internal event Action<string, string>? RoomReleased;

    /// <summary>A connection opened: registered by user, then its session re-checked once (see <see cref="RecheckAsync"/>).</summary>
    public void Connected(HubCallerContext context)
    {
        var caller = CallerIdentity.FromPrincipal(context.User);
        var connection = new LiveConnection(context, caller);
        _connections[context.ConnectionId] = connection;
        if (caller is not null)
        {
            _byUser.GetOrAdd(caller.UserId, _ => new(StringComparer.Ordinal))[context.ConnectionId] = connection;
            _ = RecheckAsync(caller.UserId, context);
        }
    }

    /// <summary>A connection closed: it leaves every room it joined (or was joining).</summary>
    public async Task DisconnectedAsync(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var connection))
        {
            return;
        }
        if (connection.Caller is { } caller && _byUser.TryGetValue(caller.UserId, out var mine))
        {
            mine.TryRemove(connectionId, out _);
            if (mine.IsEmpty)
            {
                // Drop the empty set unless a new connection raced in.
                ((ICollection<KeyValuePair<string, ConcurrentDictionary<string, LiveConnection>>>)_byUser).Remove(new(caller.UserId, mine));
            }
        }
        foreach (var entry in connection.TakeAllRooms())
        {
            await UndoAsync(connection, entry, removeFromGroup: false);
        }
        await UnwatchAllAsync(connectionId, removeFromGroups: false);
    }

    /// <summary>The caller this connection was opened as; unauthenticated otherwise.</summary>
    public Caller CallerOf(string connectionId) =>
        Get(connectionId).Caller ?? throw new HubRealtimeException(ErrorCodes.Unauthenticated, "This connection is not identified.");

    /// <summary>
    /// Joins the room: admitted by the room grain first, then the feed, the group, the snapshot and
    /// presence, in that order. Joining a room already joined returns a fresh snapshot.
    /// </summary>
    public Task<RoomSnapshot> JoinAsync(string connectionId, string roomId) => HoldAsync(connectionId, roomId, RoomHold.Join);

    /// <summary>
    /// Watches the room: the same admission, feed, group and snapshot as a join, and the room's presence
    /// list and deltas, but the connection is not counted present and may only read (docs/protocol.md).
    /// A room both joined and watched is held once; each hold ends on its own.
    /// </summary>
    public Task<RoomSnapshot> WatchAsync(string connectionId, string roomId) => HoldAsync(connectionId, roomId, RoomHold.Watch);

    private async Task<RoomSnapshot> HoldAsync(string connectionId, string roomId, RoomHold hold)
    {
        RoomId.Validate(roomId);
        var connection = Get(connectionId);
        var caller = CallerOf(connectionId);
        var room = grains.GetGrain<IRoomGrain>(roomId);
        // A second join or watch of the same room waits for the first, then reads a snapshot and adds its hold.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (entry, mine) = connection.Claim(roomId, hold);
            if (!mine)
            {
                if (!await entry.Done.Task)
                {
                    continue;
                }
                // The room checks access again, so a revocation meanwhile refuses here.
                var snapshot = await room.Join(caller);
                lock (connection.Gate)
                {
                    if (!connection.IsCurrent(entry))
                    {
                        continue;
                    }
                    entry.Holds |= hold;
                    Sync(connection, entry, caller);
                }
                return snapshot;
            }
            try
            {
                var snapshot = await AdmitAsync(connection, entry, room, caller);
                entry.Done.TrySetResult(true);
                await RecordJoinAsync(caller, roomId);
                return snapshot;
            }
            catch
            {
                // Whatever took the entry away (a leave) undid the steps it saw; this undoes the rest.
                connection.Release(entry);
                await UndoAsync(connection, entry, removeFromGroup: true);
                entry.Done.TrySetResult(false);
                throw;
            }
        }
        throw new HubRealtimeException(ErrorCodes.Unavailable, "The room could not be joined; try again.");
    }

    private async Task<RoomSnapshot> AdmitAsync(LiveConnection connection, RoomEntry entry, IRoomGrain room, Caller caller)
    {
        var roomId = entry.RoomId;
        var connectionId = connection.Context.ConnectionId;
        // The room decides first (forbidden, room_not_found): nothing of it is held before it said yes.
        await room.GetInfo(caller);

        await AcquireFeedAsync(roomId, connectionId);
        connection.Mark(entry, RoomStep.Feed);
        await hub.Groups.AddToGroupAsync(connectionId, RoomGroups.Name(roomId));
        connection.Mark(entry, RoomStep.Group);

        // Read after entering the group: anything stored later is certain to arrive live (clients drop
        // the overlap by sequence). The room checks access again, so a revocation meanwhile refuses here.
        var snapshot = await room.Join(caller);
        lock (connection.Gate)
        {
            LiveConnection.ThrowIfLeft(entry);
            entry.Admitted = true;
            // Under the connection's lock, so a concurrent leave either sees the entry present or runs first.
            Sync(connection, entry, caller);
        }
        return snapshot;
    }

    /// <summary>
    /// Under the connection's lock, on an admitted entry: brings the presence steps in line with the holds.
    /// Joined: counted present. Watched only: follows presence (list and deltas) without being counted.
    /// </summary>
    private void Sync(LiveConnection connection, RoomEntry entry, Caller caller)
    {
        var connectionId = connection.Context.ConnectionId;
        var joined = entry.Holds.HasFlag(RoomHold.Join);
        var watcher = entry.Holds.HasFlag(RoomHold.Watch) && !joined;
        if (joined && !entry.Steps.HasFlag(RoomStep.Presence))
        {
            entry.Steps |= RoomStep.Presence;
            presence.Enter(entry.RoomId, connectionId, caller);
        }
        else if (!joined && entry.Steps.HasFlag(RoomStep.Presence))
        {
            entry.Steps &= ~RoomStep.Presence;
            presence.Exit(entry.RoomId, connectionId);
        }
        if (watcher && !entry.Steps.HasFlag(RoomStep.Watcher))
        {
            entry.Steps |= RoomStep.Watcher;
            presence.Watch(entry.RoomId, connectionId);
        }
        else if (!watcher && entry.Steps.HasFlag(RoomStep.Watcher))
        {
            // Present now: presence reaches it as a member of the room.
            entry.Steps &= ~RoomStep.Watcher;
            presence.Unwatch(entry.RoomId, connectionId);
        }
    }

    /// <summary>Leaves the room (no-op when not joined); a join in flight is undone. A watch of the room goes on.</summary>
    public Task LeaveAsync(string connectionId, string roomId) => DropAsync(connectionId, roomId, RoomHold.Join);

    /// <summary>Stops watching the room (no-op when not watched); a watch in flight is undone. A join of the room goes on.</summary>
    public Task UnwatchAsync(string connectionId, string roomId) => DropAsync(connectionId, roomId, RoomHold.Watch);

    private async Task DropAsync(string connectionId, string roomId, RoomHold hold)
    {
        RoomId.Validate(roomId);
        var connection = Get(connectionId);
        if (connection.Drop(roomId, hold) is not var (entry, whole))
        {
            return;
        }
        if (whole)
        {
            await UndoAsync(connection, entry, removeFromGroup: true);
            return;
        }
        lock (connection.Gate)
        {
            if (connection.IsCurrent(entry) && entry.Admitted && connection.Caller is { } caller)
            {
                Sync(connection, entry, caller);
            }
        }
    }

    /// <summary>The room id when this connection has joined it (the room admitted it); not_in_room otherwise.</summary>
    public string RequireJoined(string connectionId, string roomId) => Require(connectionId, roomId, RoomHold.Join);

    /// <summary>The room id when this connection has joined or watches it: enough to read; not_in_room otherwise.</summary>
    public string RequireReadable(string connectionId, string roomId) => Require(connectionId, roomId, RoomHold.Join | RoomHold.Watch);

    private string Require(string connectionId, string roomId, RoomHold any)
    {
        RoomId.Validate(roomId);
        return Get(connectionId).Holds(roomId, any)
            ? roomId
            : throw new HubRealtimeException(ErrorCodes.NotInRoom, $"Join room '{roomId}' first.");
    }

    public Task TypingAsync(string connectionId, string roomId) =>
        presence.TypingAsync(RequireJoined(connectionId, roomId), connectionId, CallerOf(connectionId));

    public Task<PresenceEvent> GetPresenceAsync(string connectionId, string roomId) =>
        presence.CurrentAsync(RequireReadable(connectionId, roomId));

    /// <summary>
    /// These users lost access to the room: their local connections leave it at once (feed, group,
    /// presence), joined or watching, and each that had been admitted is told with <c>RoomAccessRevoked</c>.
    /// </summary>
    public async Task RevokeRoomAccessAsync(string roomId, IReadOnlyList<string> userIds)
    {
        foreach (var user in userIds)
        {
            if (!_byUser.TryGetValue(user, out var mine))
            {
                continue;
            }
            foreach (var connection in mine.Values)
            {
                await StopActivityWatchAsync(connection.Context.ConnectionId, roomId);
                if (connection.Remove(roomId) is not { } entry)
                {
                    continue;
                }
                try
                {
                    await UndoAsync(connection, entry, removeFromGroup: true);
                    if (entry.Admitted)
                    {
                        await hub.Clients.Client(connection.Context.ConnectionId).RoomAccessRevoked(roomId);
                    }
                }
                catch (Exception error)
                {
                    LogRevokeFailed(error, roomId);
                }
            }
        }
    }

    /// <summary>Aborts every live connection of these users on this silo (their sessions were revoked); returns how many.</summary>
    public int AbortSessions(IEnumerable<string> userIds)
    {
        var aborted = 0;
        foreach (var user in userIds)
        {
            if (_byUser.TryRemove(user, out var mine))
            {
                foreach (var connection in mine.Values)
                {
                    connection.Context.Abort();
                    aborted++;
                }
            }
        }
        return aborted;
    }

    /// <summary>How many local connections hold the room (joined or joining after admission): for tests and metrics.</summary>
    public int LocalConnectionsIn(string roomId)
    {
        lock (_roomsGate)
        {
            return _roomConnections.TryGetValue(roomId, out var set) ? set.Count : 0;
        }
    }

    private LiveConnection Get(string connectionId) =>
        _connections.TryGetValue(connectionId, out var connection)
            ? connection
            : throw new HubRealtimeException(ErrorCodes.NotInRoom, "This connection is closing.");

    /// <summary>Undoes the steps an entry took (each at most once: whoever removed the entry owns its undo).</summary>
    private async Task UndoAsync(LiveConnection connection, RoomEntry entry, bool removeFromGroup)
    {
        RoomStep steps;
        lock (connection.Gate)
        {
            steps = entry.Steps;
            entry.Steps = RoomStep.None;
            if (steps.HasFlag(RoomStep.Presence))
            {
                presence.Exit(entry.RoomId, connection.Context.ConnectionId);
            }
            if (steps.HasFlag(RoomStep.Watcher))
            {
                presence.Unwatch(entry.RoomId, connection.Context.ConnectionId);
            }
        }
        if (steps.HasFlag(RoomStep.Group) && removeFromGroup)
        {
            await hub.Groups.RemoveFromGroupAsync(connection.Context.ConnectionId, RoomGroups.Name(entry.RoomId));
        }
        if (steps.HasFlag(RoomStep.Feed))
        {
            ReleaseFeed(entry.RoomId, connection.Context.ConnectionId);
        }
        RoomReleased?.Invoke(connection.Context.ConnectionId, entry.RoomId);
    }

    /// <summary>Counts the connection into the room's feed; the first local one subscribes this silo (room_not_found if none).</summary>
    private async Task AcquireFeedAsync(string roomId, string connectionId)
    {
        Task subscription;
        lock (_roomsGate)
        {
            if (!_roomConnections.TryGetValue(roomId, out var local))
            {
                _roomConnections[roomId] = local = new HashSet<string>(StringComparer.Ordinal);
            }
            local.Add(connectionId);
            subscription = feeds.Open(roomId);
        }
        try
        {
            await subscription;
        }
        catch
        {
            ReleaseFeed(roomId, connectionId);
            throw;
        }
    }

    /// <summary>Counts the connection out; the last local one out unsubscribes this silo.</summary>
    private void ReleaseFeed(string roomId, string connectionId)
    {
        lock (_roomsGate)
        {
            if (_roomConnections.TryGetValue(roomId, out var local) && local.Remove(connectionId) && local.Count == 0)
            {
                _roomConnections.Remove(roomId);
                feeds.Close(roomId);
            }
        }
    }

    /// <summary>
    /// A revocation that lands between the connection's authentication and its registration would miss
    /// it, so each registration re-checks the session once, after it is registered.
    /// </summary>
    private async Task<bool> RecheckAsync(string user, HubCallerContext context)
    {
        var stamp = context.User?.FindFirstValue(AuthConstants.StampClaim);
        if (stamp is null)
        {
            // Not a real session (the development query identity): nothing to re-check.
            return true;
        }
        try
        {
            if (await grains.GetGrain<IUserGrain>(user).ValidateSession(stamp) is null)
            {
                context.Abort();
            }
            return true;
        }
        catch (Exception error)
        {
            LogRecheckFailed(error, context.ConnectionId);
            return false;
        }
    }

    /// <summary>
    /// Re-checks the session of every live connection of these users (of everyone when null) and aborts
    /// those whose stamp no longer validates; false when a check failed (the caller retries later).
    /// Used to catch up on revocations this silo missed, where an old revocation must not cut a session
    /// signed in since.
    /// </summary>
    public async Task<bool> RecheckSessionsAsync(IEnumerable<string>? userIds)
    {
        var checks = new List<Task<bool>>();
        foreach (var user in userIds ?? _byUser.Keys)
        {
            if (_byUser.TryGetValue(user, out var mine))
            {
                checks.AddRange(mine.Values.Select(connection => RecheckAsync(user, connection.Context)));
            }
        }
        return (await Task.WhenAll(checks)).All(ok => ok);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-checking the session of hub connection {ConnectionId} failed")]
    private partial void LogRecheckFailed(Exception error, string connectionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking revoked connections out of room {RoomId} failed")]
    private partial void LogRevokeFailed(Exception error, string roomId);
}
