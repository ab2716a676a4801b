using System.Collections.Concurrent;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.Workspace;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// The workspace part of the connections: rooms a connection watches for activity (a sidebar's unread
/// counts) without joining them, read positions, and "rooms I joined". A watch holds the room's feed on
/// this silo like a join does (so the silo gets each batch once, whatever the number of watchers) and puts
/// the connection in the room's activity group; it holds no presence and gets no events, only
/// <c>RoomActivity</c>.
/// </summary>
public sealed partial class HubConnections
{
    private readonly ConcurrentDictionary<string, Watch> _watches = new(StringComparer.Ordinal);

    private sealed class Watch
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public HashSet<string> Rooms { get; } = new(StringComparer.Ordinal);
    }

    private static string WatchKey(string connectionId) => "watch:" + connectionId;

    /// <summary>Replaces the watched rooms; the ones the caller may not read (or that do not exist) are left out.</summary>
    public async Task<IReadOnlyList<string>> WatchActivityAsync(string connectionId, IReadOnlyList<string>? roomIds)
    {
        var caller = CallerOf(connectionId);
        if (roomIds is null || roomIds.Count > WorkspaceLimits.MaxWatchedRooms)
        {
            throw HubRealtimeException.Invalid($"Watch at most {WorkspaceLimits.MaxWatchedRooms} rooms.");
        }
        var wanted = roomIds.Select(id => RoomId.Validate(id)).Distinct(StringComparer.Ordinal).ToList();
        var watch = _watches.GetOrAdd(connectionId, _ => new Watch());
        await watch.Gate.WaitAsync();
        try
        {
            if (!_connections.ContainsKey(connectionId))
            {
                throw new HubRealtimeException(ErrorCodes.NotInRoom, "This connection is closing.");
            }
            var fresh = wanted.Where(id => !watch.Rooms.Contains(id)).ToList();
            // The rooms decide, with the caller's identity; a refusal only leaves the room out.
            var allowed = await Task.WhenAll(fresh.Select(id => MayReadAsync(id, caller)));
            var keep = wanted.ToHashSet(StringComparer.Ordinal);
            foreach (var gone in watch.Rooms.Where(id => !keep.Contains(id)).ToList())
            {
                await StopWatchingAsync(watch, connectionId, gone, removeFromGroup: true);
            }
            for (var i = 0; i < fresh.Count; i++)
            {
                if (!allowed[i])
                {
                    continue;
                }
                try
                {
                    await AcquireFeedAsync(fresh[i], WatchKey(connectionId));
                    watch.Rooms.Add(fresh[i]);
                    await hub.Groups.AddToGroupAsync(connectionId, RoomGroups.Activity(fresh[i]));
                }
                catch (HubRealtimeException error) when (error.Code == ErrorCodes.RoomNotFound)
                {
                    await StopWatchingAsync(watch, connectionId, fresh[i], removeFromGroup: true);
                }
            }
            return [.. wanted.Where(watch.Rooms.Contains)];
        }
        finally
        {
            watch.Gate.Release();
        }
    }

    /// <summary>Moves the caller's read position (the workspace grain decides), then tells the caller's connections on this silo.</summary>
    public async Task<ReadPosition> MarkReadAsync(string connectionId, string roomId, long seq)
    {
        RoomId.Validate(roomId);
        var caller = CallerOf(connectionId);
        var position = await grains.GetGrain<IWorkspaceGrain>(caller.UserId).MarkRead(caller, roomId, seq);
        if (_byUser.TryGetValue(caller.UserId, out var mine) && !mine.IsEmpty)
        {
            try
            {
                await hub.Clients.Clients([.. mine.Keys]).ReadPositionChanged(position);
            }
            catch (Exception error)
            {
                LogReadPushFailed(error, roomId);
            }
        }
        return position;
    }

    private async Task<bool> MayReadAsync(string roomId, Caller caller)
    {
        try
        {
            await grains.GetGrain<IRoomGrain>(roomId).GetActivity(caller);
            return true;
        }
        catch (HubRealtimeException error) when (error.Code is ErrorCodes.Forbidden or ErrorCodes.RoomNotFound)
        {
            return false;
        }
    }

    /// <summary>A room the user lost access to is no longer watched by their connections.</summary>
    private async Task StopActivityWatchAsync(string connectionId, string roomId)
    {
        if (!_watches.TryGetValue(connectionId, out var watch))
        {
            return;
        }
        await watch.Gate.WaitAsync();
        try
        {
            await StopWatchingAsync(watch, connectionId, roomId, removeFromGroup: true);
        }
        finally
        {
            watch.Gate.Release();
        }
    }

    private async Task UnwatchAllAsync(string connectionId, bool removeFromGroups)
    {
        if (!_watches.TryGetValue(connectionId, out var watch))
        {
            return;
        }
        await watch.Gate.WaitAsync();
        try
        {
            foreach (var roomId in watch.Rooms.ToList())
            {
                await StopWatchingAsync(watch, connectionId, roomId, removeFromGroups);
            }
            _watches.TryRemove(connectionId, out _);
        }
        finally
        {
            watch.Gate.Release();
        }
    }

    private async Task StopWatchingAsync(Watch watch, string connectionId, string roomId, bool removeFromGroup)
    {
        if (!watch.Rooms.Remove(roomId))
        {
            ReleaseFeed(roomId, WatchKey(connectionId));
            return;
        }
        ReleaseFeed(roomId, WatchKey(connectionId));
        if (removeFromGroup)
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, RoomGroups.Activity(roomId));
        }
    }

    /// <summary>Remembers a joined room in the user's workspace (not a group's or a meeting's); a failure only costs the listing, never the join.</summary>
    private async Task RecordJoinAsync(Caller caller, string roomId)
    {
        if (RoomId.IsReserved(roomId))
        {
            return;
        }
        try
        {
            await grains.GetGrain<IWorkspaceGrain>(caller.UserId).RecordJoin(caller, roomId);
        }
        catch (Exception error)
        {
            LogRecordJoinFailed(error, roomId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling a user's connections of their read position in room {RoomId} failed")]
    private partial void LogReadPushFailed(Exception error, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording a join of room {RoomId} in the user's workspace failed")]
    private partial void LogRecordJoinFailed(Exception error, string roomId);
}

/// <summary>The gist of a batch for watchers.</summary>
internal static class WorkspaceActivity
{
    public static RoomActivityEvent Of(string roomId, IReadOnlyList<RoomEvent> events) => new(
        roomId,
        events.Count == 0 ? 0 : events[^1].Seq,
        [.. events.Where(e => e.Payload is MessagePayload).Select(e => new ActivityMessage(e.Seq, e.Actor.UserId, ((MessagePayload)e.Payload).Mentions))],
        [.. events.Select(e => e.Payload).OfType<NoticePayload>().Select(n => n.NoticeType).Distinct(StringComparer.Ordinal)]);
}
