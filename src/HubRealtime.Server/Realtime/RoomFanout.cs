using System.Collections.Concurrent;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Server.Authentication;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// The per-silo observer of rooms. The first local connection to join a room subscribes this silo to
/// the room grain; the grain then sends each committed batch here once, and this fans it out to the
/// room's SignalR group. One grain-to-silo message per batch, never one per connection. Subscriptions
/// are refreshed on a timer (the grain forgets silos that stop refreshing), and any sequence gap,
/// from a reordered notification or a grain that moved, is filled from the grain.
/// </summary>
public sealed partial class RoomFanout(
    IGrainFactory grains,
    IHubContext<RoomHub> hub,
    ConnectionRegistry connections,
    TimeProvider time,
    ILogger<RoomFanout> logger,
    ILoggerFactory loggers) : IRoomObserver, IHostedService, IDisposable
{
    public const string MessagesEvent = "Messages";
    public const string AccessRevokedEvent = "RoomAccessRevoked";

    /// <summary>Well inside the grain's observer expiry, so a live silo is never dropped.</summary>
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private const int GapPage = 200;
    private readonly ConcurrentDictionary<string, OrderedFeed<ChatMessage>> _feeds = new();
    private readonly Lock _gate = new();
    private IRoomObserver? _self;
    private ITimer? _refresh;

    // Created on first use: an object reference needs the running silo. The reference is kept alive
    // by this singleton (Orleans holds observer objects weakly).
    private IRoomObserver Self => _self ??= grains.CreateObjectReference<IRoomObserver>(this);

    /// <summary>Who is in the rooms and who is typing; started and stopped with this service.</summary>
    public PresenceFanout Presence { get; } = new(grains, hub, time, loggers.CreateLogger<PresenceFanout>());

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _refresh = time.CreateTimer(_ => _ = RefreshAllAsync(), null, RefreshInterval, RefreshInterval);
        Presence.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _refresh?.Dispose();
        return Presence.StopAsync(cancellationToken);
    }

    /// <summary>Counts a local connection into the room, subscribing this silo if it is the first. Throws room_not_found.</summary>
    public async Task AcquireAsync(string roomId)
    {
        OrderedFeed<ChatMessage> feed;
        lock (_gate)
        {
            feed = _feeds.GetOrAdd(roomId, id => new OrderedFeed<ChatMessage>(id));
            feed.Members++;
            feed.Subscription ??= SubscribeAsync(feed);
        }
        try
        {
            await feed.Subscription;
        }
        catch
        {
            lock (_gate)
            {
                // Let the next joiner try again rather than inherit this failure.
                if (feed.Subscription.IsFaulted)
                {
                    feed.Subscription = null;
                }
            }
            Release(roomId);
            throw;
        }
    }

    /// <summary>Counts a local connection out; the last one out unsubscribes this silo.</summary>
    public void Release(string roomId)
    {
        lock (_gate)
        {
            if (!_feeds.TryGetValue(roomId, out var feed) || --feed.Members > 0)
            {
                return;
            }
            _feeds.TryRemove(roomId, out _);
        }
        _ = UnsubscribeAsync(roomId);
    }

    public Task OnMessages(string roomId, IReadOnlyList<ChatMessage> messages)
    {
        if (_feeds.TryGetValue(roomId, out var feed))
        {
            Deliver(feed, f => f.Accept(messages));
        }
        return Task.CompletedTask;
    }

    public async Task OnAccessRevoked(string roomId, IReadOnlyList<string> userIds)
    {
        Presence.ExitUsers(roomId, userIds);
        foreach (var user in userIds)
        {
            foreach (var connectionId in connections.ConnectionIdsOf(user))
            {
                try
                {
                    await hub.Groups.RemoveFromGroupAsync(connectionId, RoomGroups.Name(roomId));
                    await hub.Clients.Client(connectionId).SendAsync(AccessRevokedEvent, roomId);
                }
                catch (Exception error)
                {
                    LogSendFailed(error, roomId);
                }
            }
        }
    }

    private async Task SubscribeAsync(OrderedFeed<ChatMessage> feed)
    {
        var lastSeq = await grains.GetGrain<IRoomGrain>(feed.RoomId).Subscribe(Self);
        Deliver(feed, f => f.StartAt(lastSeq));
    }

    private async Task UnsubscribeAsync(string roomId)
    {
        try
        {
            await grains.GetGrain<IRoomGrain>(roomId).Unsubscribe(Self);
        }
        catch (Exception error)
        {
            // Harmless: the grain drops the subscription when it expires.
            LogUnsubscribeFailed(error, roomId);
        }
    }

    /// <summary>Applies a change to the feed and chains the resulting hub send after the previous one, keeping order.</summary>
    private void Deliver(OrderedFeed<ChatMessage> feed, Func<OrderedFeed<ChatMessage>, ChatMessage[]> change)
    {
        bool fillGap;
        lock (feed)
        {
            var ready = change(feed);
            if (ready.Length > 0)
            {
                feed.SendTail = SendAfterAsync(feed.SendTail, feed.RoomId, ready);
            }
            fillGap = feed.HasGap && feed.Delivered >= 0 && !feed.FillingGap;
            feed.FillingGap |= fillGap;
        }
        if (fillGap)
        {
            _ = FillGapAsync(feed);
        }
    }

    private async Task SendAfterAsync(Task previous, string roomId, ChatMessage[] messages)
    {
        await previous;
        try
        {
            await hub.Clients.Group(RoomGroups.Name(roomId)).SendAsync(MessagesEvent, roomId, messages);
        }
        catch (Exception error)
        {
            LogSendFailed(error, roomId);
        }
    }

    private async Task FillGapAsync(OrderedFeed<ChatMessage> feed)
    {
        try
        {
            var room = grains.GetGrain<IRoomGrain>(feed.RoomId);
            while (true)
            {
                long from;
                lock (feed)
                {
                    from = feed.Delivered;
                }
                var page = await room.GetHistoryAfter(Caller.System, from, GapPage);
                Deliver(feed, f => f.Accept(page.Messages));
                lock (feed)
                {
                    if (page.Messages.Count == 0 || feed.Delivered >= page.LastSeq)
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception error)
        {
            LogGapFillFailed(error, feed.RoomId);
        }
        finally
        {
            lock (feed)
            {
                feed.FillingGap = false;
            }
        }
    }

    private async Task RefreshAllAsync()
    {
        foreach (var feed in _feeds.Values)
        {
            try
            {
                var lastSeq = await grains.GetGrain<IRoomGrain>(feed.RoomId).Subscribe(Self);
                bool behind;
                lock (feed)
                {
                    behind = feed.Delivered >= 0 && lastSeq > feed.Delivered && !feed.FillingGap;
                    feed.FillingGap |= behind;
                }
                if (behind)
                {
                    // The grain moved or restarted and lost this subscription: catch up.
                    _ = FillGapAsync(feed);
                }
            }
            catch (Exception error)
            {
                LogRefreshFailed(error, feed.RoomId);
            }
        }
    }

    public void Dispose()
    {
        _refresh?.Dispose();
        Presence.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending room {RoomId} messages to its group failed")]
    private partial void LogSendFailed(Exception error, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Filling a sequence gap of room {RoomId} failed")]
    private partial void LogGapFillFailed(Exception error, string roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the subscription to room {RoomId} failed")]
    private partial void LogRefreshFailed(Exception error, string roomId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unsubscribing from room {RoomId} failed")]
    private partial void LogUnsubscribeFailed(Exception error, string roomId);
}
