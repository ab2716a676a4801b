using System.Collections.Concurrent;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Presence;
using HubRealtime.Abstractions.Realtime;
using HubRealtime.Grains.Cluster;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// The per-silo side of room presence. Connections enter and leave here; each room's changes go to its
/// presence grain as one report at a time (changes that arrive meanwhile ride in the next report), never
/// one grain call per connection. Every <see cref="RefreshInterval"/> the silo re-asserts all its
/// connections, so a grain that moved is complete again and a dead silo's entries expire. The grain's
/// snapshots and typing signals come back through <see cref="IPresenceObserver"/> (one object per silo):
/// a joining connection gets the full list ("Presence"), the room's SignalR group only what changed
/// ("PresenceChanged", see <see cref="PresenceRoom"/>). A watching connection gets the same list and
/// deltas without being counted (<see cref="Watch"/>). Connections enter and exit only as
/// <see cref="HubConnections"/> decides; a membership change re-asserts every room at once.
/// </summary>
public sealed partial class PresenceFanout(
    IGrainFactory grains,
    IHubContext<RoomHub, IRoomClient> hub,
    MembershipChanges membership,
    TimeProvider time,
    ILogger<PresenceFanout> logger) : IPresenceObserver, IHostedService, IDisposable
{
    /// <summary>Well inside the grain's silo expiry (45 s by default).</summary>
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);

    /// <summary>At most one typing signal per connection and room is forwarded in this time.</summary>
    internal static readonly TimeSpan TypingThrottle = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, PresenceRoom> _rooms = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private IPresenceObserver? _self;
    private ITimer? _refresh;
    private IDisposable? _membershipWatch;

    // Kept alive by this singleton (Orleans holds observer objects weakly).
    private IPresenceObserver Self => _self ??= grains.CreateObjectReference<IPresenceObserver>(this);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _refresh = time.CreateTimer(_ => RefreshAll(), null, RefreshInterval, RefreshInterval);
        // A presence grain that lived on a dead silo restarts empty elsewhere: re-assert at once.
        _membershipWatch = membership.Register(_ =>
        {
            RefreshAll();
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    /// <summary>On shutdown: tell the grains this silo's connections are gone, so they leave after the grace period.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _refresh?.Dispose();
        _membershipWatch?.Dispose();
        var rooms = _rooms.Keys.ToList();
        try
        {
            await Task.WhenAll(rooms.Select(id => grains.GetGrain<IPresenceGrain>(id).Report(Self, [], full: true)))
                .WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception error)
        {
            // Harmless: the grains expire this silo's entries.
            LogStopFailed(error);
        }
    }

    /// <summary>A connection that the room grain let in is present (repeating it is harmless).</summary>
    public void Enter(string roomId, string connectionId, Caller caller)
    {
        lock (_gate)
        {
            var room = _rooms.GetOrAdd(roomId, id => new PresenceRoom(id));
            if (!room.Connections.TryAdd(connectionId, new PresenceRoom.Member(caller.UserId, caller.DisplayName)))
            {
                return;
            }
            room.Dirty.Add(caller.UserId);
            room.Welcome.Add(connectionId);
            Kick(room);
        }
    }

    /// <summary>A connection left the room or disconnected (unknown connections are ignored).</summary>
    public void Exit(string roomId, string connectionId)
    {
        lock (_gate)
        {
            if (_rooms.TryGetValue(roomId, out var room) && room.Connections.Remove(connectionId, out var member))
            {
                room.Dirty.Add(member.UserId);
                room.Welcome.Remove(connectionId);
                Kick(room);
            }
        }
    }

    /// <summary>
    /// A connection that the room grain let in watches the room: it gets the full list once and then the
    /// group's deltas, and this silo stays subscribed to the room's presence while it watches; it is not counted.
    /// </summary>
    public void Watch(string roomId, string connectionId)
    {
        lock (_gate)
        {
            var room = _rooms.GetOrAdd(roomId, id => new PresenceRoom(id));
            if (!room.Watchers.Add(connectionId))
            {
                return;
            }
            room.Welcome.Add(connectionId);
            if (room.Watchers.Count == 1 && room.Connections.Count == 0)
            {
                // The first reason for this silo to hear the room: the report subscribes it.
                room.FullPending = true;
            }
            Kick(room);
        }
    }

    /// <summary>A watching connection stopped watching (unknown connections are ignored).</summary>
    public void Unwatch(string roomId, string connectionId)
    {
        lock (_gate)
        {
            if (_rooms.TryGetValue(roomId, out var room) && room.Watchers.Remove(connectionId))
            {
                room.Welcome.Remove(connectionId);
                if (!room.Wanted)
                {
                    // The last reason is gone: the report unsubscribes this silo.
                    room.FullPending = true;
                }
                Kick(room);
            }
        }
    }

    /// <summary>These users lost access to the room: their connections here stop counting at once.</summary>
    public void ExitUsers(string roomId, IReadOnlyCollection<string> userIds)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(roomId, out var room))
            {
                return;
            }
            var users = userIds.ToHashSet(StringComparer.Ordinal);
            foreach (var (connectionId, member) in room.Connections.Where(c => users.Contains(c.Value.UserId)).ToList())
            {
                room.Connections.Remove(connectionId);
                room.Welcome.Remove(connectionId);
                room.Dirty.Add(member.UserId);
            }
            Kick(room);
        }
    }

    /// <summary>Forwards a typing signal unless this connection sent one within <see cref="TypingThrottle"/>.</summary>
    public Task TypingAsync(string roomId, string connectionId, Caller caller)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            // A connection whose access was revoked, or that never got in, is not in the room's presence.
            if (!_rooms.TryGetValue(roomId, out var room) || !room.Connections.TryGetValue(connectionId, out var member)
                || now - member.LastTyping < TypingThrottle)
            {
                return Task.CompletedTask;
            }
            member.LastTyping = now;
        }
        return grains.GetGrain<IPresenceGrain>(roomId).Typing(caller, connectionId);
    }

    public Task OnPresence(PresenceSnapshot snapshot)
    {
        lock (_gate)
        {
            if (_rooms.TryGetValue(snapshot.RoomId, out var room))
            {
                Accept(room, snapshot, []);
            }
        }
        return Task.CompletedTask;
    }

    public Task OnTyping(TypingNotice notice)
    {
        lock (_gate)
        {
            if (_rooms.TryGetValue(notice.RoomId, out var room))
            {
                var typing = new TypingEvent(notice.RoomId, notice.UserId, notice.DisplayName);
                Chain(room, () => hub.Clients.GroupExcept(RoomGroups.Name(notice.RoomId), [notice.OriginConnectionId]).Typing(typing));
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The room's current presence for a joined connection that asks (GetPresence): this silo's newest
    /// snapshot, so the group's later deltas apply to it; the grain's when this silo has none yet.
    /// </summary>
    public async Task<PresenceEvent> CurrentAsync(string roomId)
    {
        lock (_gate)
        {
            if (_rooms.TryGetValue(roomId, out var room) && room.Latest is { } latest)
            {
                return PresenceRoom.Full(latest);
            }
        }
        var snapshot = await grains.GetGrain<IPresenceGrain>(roomId).Get(Caller.System);
        lock (_gate)
        {
            if (_rooms.TryGetValue(roomId, out var room))
            {
                // Seen from now on, so the group's deltas account for it.
                Accept(room, snapshot, []);
                return PresenceRoom.Full(room.Latest!);
            }
        }
        return PresenceRoom.Full(snapshot);
    }

    /// <summary>Under the lock: keeps the newest snapshot and queues the sends it calls for, in order.</summary>
    private void Accept(PresenceRoom room, PresenceSnapshot snapshot, List<string> welcome)
    {
        if (snapshot.IsNewerThan(room.Latest))
        {
            room.See(snapshot);
            // Coalesced: until the queued group send reads it, newer snapshots only add to what it will send.
            if (!room.GroupSendQueued)
            {
                room.GroupSendQueued = true;
                _ = Task.Run(() => QueueGroupSendAsync(room));
            }
        }
        if (welcome.Count > 0)
        {
            // Each newcomer gets the full list once; the group only ever gets what changed.
            Chain(room, () => SendWelcomeAsync(room, welcome));
        }
    }

    /// <summary>Under the lock at send time: the newest snapshot, which the group's next delta is sure to cover.</summary>
    private Task SendWelcomeAsync(PresenceRoom room, List<string> welcome)
    {
        PresenceEvent current;
        lock (_gate)
        {
            if (room.Latest is not { } latest)
            {
                return Task.CompletedTask;
            }
            if (room.Sent is null)
            {
                // Nobody here has had a list yet: the group's stream starts at this one.
                room.MarkSent(latest);
            }
            current = PresenceRoom.Full(latest);
        }
        return hub.Clients.Clients(welcome).Presence(current);
    }

    /// <summary>
    /// Waits out the spacing from the previous group send (outside the send chain, so welcomes do not wait
    /// behind it), then chains the send: a burst of joins becomes a few deltas, not one per join.
    /// </summary>
    private async Task QueueGroupSendAsync(PresenceRoom room)
    {
        TimeSpan wait;
        lock (_gate)
        {
            wait = room.LastGroupSend + Spacing - time.GetUtcNow();
        }
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time);
        }
        lock (_gate)
        {
            Chain(room, () => SendGroupAsync(room));
        }
    }

    /// <summary>Sends the group what changed since its last send (the full list only after a new presence activation).</summary>
    private Task SendGroupAsync(PresenceRoom room)
    {
        Func<IRoomClient, Task> send;
        lock (_gate)
        {
            room.GroupSendQueued = false;
            room.LastGroupSend = time.GetUtcNow();
            if (room.Latest is not { } latest || (room.Sent is { } sent && sent.Version == latest.Version && sent.Epoch == latest.Epoch))
            {
                return Task.CompletedTask;
            }
            if (room.Sent is null)
            {
                // No connection here has had a list yet: each gets its welcome, newer than this.
                room.MarkSent(latest);
                return Task.CompletedTask;
            }
            if (room.TakeDelta() is { } delta)
            {
                send = client => client.PresenceChanged(delta);
            }
            else
            {
                room.MarkSent(latest);
                var full = PresenceRoom.Full(latest);
                send = client => client.Presence(full);
            }
        }
        return send(hub.Clients.Group(RoomGroups.Name(room.RoomId)));
    }

    /// <summary>Least time between two group sends of a room: deltas are small, this only batches bursts.</summary>
    internal static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(250);

    /// <summary>Under the lock: runs the send after the room's previous one, on the thread pool (never inside the lock).</summary>
    private void Chain(PresenceRoom room, Func<Task> send)
    {
        var roomId = room.RoomId;
        room.SendTail = room.SendTail.ContinueWith(_ => SendAsync(roomId, send), CancellationToken.None,
            TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }

    private async Task SendAsync(string roomId, Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (Exception error)
        {
            LogSendFailed(error, roomId);
        }
    }

    /// <summary>Under the lock: starts a report loop for the room unless one runs (it will pick the change up).</summary>
    private void Kick(PresenceRoom room)
    {
        if (!room.Reporting && room.HasWork)
        {
            room.Reporting = true;
            // Off this thread: the caller holds the lock, and the loop starts with a grain call.
            _ = Task.Run(() => ReportLoopAsync(room));
        }
    }

    private async Task ReportLoopAsync(PresenceRoom room)
    {
        var grain = grains.GetGrain<IPresenceGrain>(room.RoomId);
        while (true)
        {
            List<PresenceUser> users;
            List<string> welcome;
            bool full;
            bool watched;
            lock (_gate)
            {
                if (!room.HasWork)
                {
                    room.Reporting = false;
                    // Nobody left here and nothing to say: forget the room (a later Enter starts afresh).
                    if (!room.Wanted)
                    {
                        _rooms.TryRemove(new KeyValuePair<string, PresenceRoom>(room.RoomId, room));
                    }
                    return;
                }
                full = room.FullPending;
                watched = room.Watchers.Count > 0;
                users = room.Counts(full ? null : room.Dirty);
                welcome = [.. room.Welcome];
                room.Dirty.Clear();
                room.Welcome.Clear();
                room.FullPending = false;
            }
            try
            {
                var snapshot = await grain.Report(Self, users, full, watched);
                lock (_gate)
                {
                    Accept(room, snapshot, welcome);
                }
            }
            catch (Exception error)
            {
                LogReportFailed(error, room.RoomId);
                lock (_gate)
                {
                    // The refresh timer retries with everything; the newcomers get the snapshot then.
                    room.FullPending = true;
                    room.Welcome.AddRange(welcome.Where(room.Connections.ContainsKey));
                    room.Reporting = false;
                }
                return;
            }
        }
    }

    private void RefreshAll()
    {
        lock (_gate)
        {
            foreach (var room in _rooms.Values)
            {
                room.FullPending = true;
                Kick(room);
            }
        }
    }

    public void Dispose()
    {
        _refresh?.Dispose();
        _membershipWatch?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting presence of room {RoomId} failed; the next refresh retries")]
    private partial void LogReportFailed(Exception error, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending presence or typing of room {RoomId} to its group failed")]
    private partial void LogSendFailed(Exception error, string roomId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Withdrawing this silo's presence on shutdown failed")]
    private partial void LogStopFailed(Exception error);
}
