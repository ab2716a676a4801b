using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Realtime;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Cluster;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// The per-silo observer of rooms. <see cref="HubConnections"/> opens a room's feed when the first local
/// connection joins it (this silo subscribes to the room grain) and closes it when the last one leaves;
/// the grain then sends each committed batch here once, and <see cref="StreamFeeds{T}"/> fans it out to
/// the room's SignalR group in order (gaps filled, subscriptions renewed). One grain-to-silo message per
/// batch, never one per connection.
/// </summary>
public sealed class RoomFanout : IRoomObserver, IHostedService, IDisposable
{
    private const int GapPage = 200;
    private readonly IGrainFactory _grains;
    private readonly IServiceProvider _services;
    private readonly ILocalSiloDetails _silo;
    private readonly StreamFeeds<RoomEvent> _feeds;
    private IRoomObserver? _self;

    public RoomFanout(
        IGrainFactory grains, IHubContext<RoomHub, IRoomClient> hub, IServiceProvider services, ILocalSiloDetails silo,
        MembershipChanges membership, TimeProvider time, ILogger<RoomFanout> logger)
    {
        _grains = grains;
        _services = services;
        _silo = silo;
        _feeds = new(new StreamFeedSource<RoomEvent>(
            "room",
            Subscribe: roomId => Room(roomId).Subscribe(Self, _silo.SiloAddress),
            Unsubscribe: roomId => Room(roomId).Unsubscribe(Self),
            ReadAfter: async (roomId, from) =>
            {
                var page = await Room(roomId).GetHistoryAfter(Caller.System, from, GapPage);
                return (page.Events, page.LastSeq);
            },
            Send: async (roomId, events) =>
            {
                await hub.Clients.Group(RoomGroups.Name(roomId)).Events(roomId, events);
                // Watchers (sidebars) get the gist once per batch: the new messages, their senders and mentions.
                await hub.Clients.Group(RoomGroups.Activity(roomId)).RoomActivity(WorkspaceActivity.Of(roomId, events));
            }), time, membership, logger);
    }

    /// <summary>Well inside the grain's observer expiry, so a live silo is never dropped.</summary>
    internal static TimeSpan RefreshInterval => StreamFeeds<RoomEvent>.RefreshInterval;

    // Created on first use: an object reference needs the running silo. The reference is kept alive
    // by this singleton (Orleans holds observer objects weakly).
    private IRoomObserver Self => _self ??= _grains.CreateObjectReference<IRoomObserver>(this);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _feeds.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The room's feed subscription, started if this is its first local connection (or the last attempt
    /// failed); fails with room_not_found. Called by <see cref="HubConnections"/> under its lock.
    /// </summary>
    internal Task Open(string roomId) => _feeds.Open(roomId);

    /// <summary>The room's last local connection left: forget the feed and unsubscribe. Called under <see cref="HubConnections"/>' lock.</summary>
    internal void Close(string roomId) => _feeds.Close(roomId);

    public Task OnEvents(string roomId, IReadOnlyList<RoomEvent> events)
    {
        _feeds.Accept(roomId, events);
        return Task.CompletedTask;
    }

    public Task OnAccessRevoked(string roomId, IReadOnlyList<string> userIds) =>
        // Resolved late: the connections service owns the feeds' lifetime through this service.
        _services.GetRequiredService<HubConnections>().RevokeRoomAccessAsync(roomId, userIds);

    private IRoomGrain Room(string roomId) => _grains.GetGrain<IRoomGrain>(roomId);

    public void Dispose() => _feeds.Dispose();
}
