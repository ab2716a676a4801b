using System.Collections.Concurrent;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Realtime;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Cluster;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// The per-silo observer of rooms. <see cref="HubConnections"/> opens a room's feed when the first local
/// connection joins it (this silo subscribes to the room grain) and closes it when the last one leaves;
/// the grain then sends each committed batch here once, and this fans it out to the room's SignalR
/// group. One grain-to-silo message per batch, never one per connection. Subscriptions are refreshed
/// on a timer and at once on every cluster membership change (a room grain that lived on a dead silo
/// restarts elsewhere without its observers); any sequence gap, from a reordered notification or a
/// grain that moved, is filled from the grain.
/// </summary>
public sealed partial class RoomFanout(
    IGrainFactory grains,
    IHubContext<RoomHub, IRoomClient> hub,
    IServiceProvider services,
    ILocalSiloDetails silo,
    MembershipChanges membership,
    TimeProvider time,
    ILogger<RoomFanout> logger) : IRoomObserver, IHostedService, IDisposable
{
    /// <summary>Well inside the grain's observer expiry, so a live silo is never dropped.</summary>
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private const int GapPage = 200;
    private readonly ConcurrentDictionary<string, OrderedFeed<RoomEvent>> _feeds = new();
    private readonly ConcurrentDictionary<string, Task> _unsubscribing = new(StringComparer.Ordinal);
    private IRoomObserver? _self;
    private ITimer? _refresh;
    private IDisposable? _membershipWatch;

    // Created on first use: an object reference needs the running silo. The reference is kept alive
    // by this singleton (Orleans holds observer objects weakly).
    private IRoomObserver Self => _self ??= grains.CreateObjectReference<IRoomObserver>(this);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _refresh = time.CreateTimer(_ => _ = RefreshAllAsync(), null, RefreshInterval, RefreshInterval);
        _membershipWatch = membership.Register(_ => RefreshAllAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _refresh?.Dispose();
        _membershipWatch?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The room's feed subscription, started if this is its first local connection (or the last attempt
    /// failed); fails with room_not_found. Called by <see cref="HubConnections"/> under its lock.
    /// </summary>
    internal Task Open(string roomId)
    {
        var feed = _feeds.GetOrAdd(roomId, id => new OrderedFeed<RoomEvent>(id));
        if (feed.Subscription is null || feed.Subscription.IsFaulted || feed.Subscription.IsCanceled)
        {
            feed.Subscription = SubscribeAsync(feed);
        }
        return feed.Subscription;
    }

    /// <summary>The room's last local connection left: forget the feed and unsubscribe. Called under <see cref="HubConnections"/>' lock.</summary>
    internal void Close(string roomId)
    {
        if (_feeds.TryRemove(roomId, out _))
        {
            _unsubscribing[roomId] = UnsubscribeAsync(roomId);
        }
    }

    public Task OnEvents(string roomId, IReadOnlyList<RoomEvent> events)
    {
        if (_feeds.TryGetValue(roomId, out var feed))
        {
            Deliver(feed, f => f.Accept(events));
        }
        return Task.CompletedTask;
    }

    public Task OnAccessRevoked(string roomId, IReadOnlyList<string> userIds) =>
        // Resolved late: the connections service owns the feeds' lifetime through this service.
        services.GetRequiredService<HubConnections>().RevokeRoomAccessAsync(roomId, userIds);

    private async Task SubscribeAsync(OrderedFeed<RoomEvent> feed)
    {
        // A subscription must not overtake the unsubscription of an earlier feed of the same room.
        if (_unsubscribing.TryGetValue(feed.RoomId, out var leaving))
        {
            await leaving;
        }
        var lastSeq = await grains.GetGrain<IRoomGrain>(feed.RoomId).Subscribe(Self, silo.SiloAddress);
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
        finally
        {
            _unsubscribing.TryRemove(roomId, out _);
        }
    }

    /// <summary>Applies a change to the feed and chains the resulting hub send after the previous one, keeping order.</summary>
    private void Deliver(OrderedFeed<RoomEvent> feed, Func<OrderedFeed<RoomEvent>, RoomEvent[]> change)
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

    private async Task SendAfterAsync(Task previous, string roomId, RoomEvent[] events)
    {
        await previous;
        try
        {
            await hub.Clients.Group(RoomGroups.Name(roomId)).Events(roomId, events);
            // Watchers (sidebars) get the gist once per batch: the new messages, their senders and mentions.
            await hub.Clients.Group(RoomGroups.Activity(roomId)).RoomActivity(WorkspaceActivity.Of(roomId, events));
        }
        catch (Exception error)
        {
            LogSendFailed(error, roomId);
        }
    }

    private async Task FillGapAsync(OrderedFeed<RoomEvent> feed)
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
                Deliver(feed, f => f.Accept(page.Events));
                lock (feed)
                {
                    if (page.Events.Count == 0 || feed.Delivered >= page.LastSeq)
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
                var lastSeq = await grains.GetGrain<IRoomGrain>(feed.RoomId).Subscribe(Self, silo.SiloAddress);
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
        _membershipWatch?.Dispose();
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
