using System.Collections.Concurrent;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Tests;

[Collection(RoomClusterCollection.Name)]
public sealed class RoomObserverTests(RoomClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_subscribed_silo_receives_every_committed_message_once_in_batches()
    {
        var room = await TestRooms.CreateAsync(fixture.Grains);
        await room.Send(TestRooms.Ann, new SendMessageRequest("pre", "before subscribing"));
        var observer = new CollectingObserver(expected: 100);
        var reference = fixture.Grains.CreateObjectReference<IRoomObserver>(observer);

        var startSeq = await room.Subscribe(reference, fixture.Cluster.Primary!.SiloAddress);
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => room.Send(TestRooms.Bo, new SendMessageRequest($"o-{i}", $"#{i}"))));
        await observer.Complete.Task.WaitAsync(Patience);

        Assert.Equal(1, startSeq);
        var received = observer.Events.Select(m => m.Seq).Order().ToList();
        Assert.Equal(Enumerable.Range(2, 100).Select(i => (long)i), received);
        // Group commit: fewer notifications than messages, each one contiguous.
        Assert.True(observer.Batches.Count <= 100);
        Assert.All(observer.Batches, batch => Assert.Equal(
            Enumerable.Range((int)batch[0].Seq, batch.Count).Select(i => (long)i), batch.Select(m => m.Seq)));
        Assert.All(observer.Rooms, r => Assert.Equal(room.GetPrimaryKeyString(), r));
    }

    [Fact]
    public async Task An_unsubscribed_silo_receives_nothing_more()
    {
        var room = await TestRooms.CreateAsync(fixture.Grains);
        var gone = new CollectingObserver(expected: 1);
        var stays = new CollectingObserver(expected: 2);
        var goneRef = fixture.Grains.CreateObjectReference<IRoomObserver>(gone);
        var staysRef = fixture.Grains.CreateObjectReference<IRoomObserver>(stays);
        // Two silos, one observer each (a silo's newer observer would replace its older one).
        await room.Subscribe(goneRef, fixture.Cluster.Primary!.SiloAddress);
        await room.Subscribe(staysRef, fixture.Cluster.SecondarySilos[0].SiloAddress);
        await room.Send(TestRooms.Ann, new SendMessageRequest("u-1", "both see this"));
        await gone.Complete.Task.WaitAsync(Patience);

        await room.Unsubscribe(goneRef);
        await room.Send(TestRooms.Ann, new SendMessageRequest("u-2", "only one sees this"));
        await stays.Complete.Task.WaitAsync(Patience);

        // Notifications to one silo leave in order; the one that stayed got the second message,
        // so the one that left would have got it by now too.
        Assert.Equal([1L], gone.Events.Select(m => m.Seq));
        Assert.Equal([1L, 2L], stays.Events.Select(m => m.Seq).Order());
    }

    [Fact]
    public async Task Subscribing_to_an_unknown_room_fails()
    {
        var observer = fixture.Grains.CreateObjectReference<IRoomObserver>(new CollectingObserver(1));

        var error = await Assert.ThrowsAsync<Abstractions.Errors.HubRealtimeException>(() =>
            fixture.Grains.GetGrain<IRoomGrain>(TestRooms.NewId()).Subscribe(observer, fixture.Cluster.Primary!.SiloAddress));

        Assert.Equal(Abstractions.Errors.ErrorCodes.RoomNotFound, error.Code);
    }

    internal sealed class CollectingObserver(int expected) : IRoomObserver
    {
        public ConcurrentQueue<IReadOnlyList<RoomEvent>> Batches { get; } = new();
        public ConcurrentQueue<string> Rooms { get; } = new();
        public IEnumerable<RoomEvent> Events => Batches.SelectMany(b => b);
        public TaskCompletionSource Complete { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<string> Revoked { get; } = new();

        public Task OnAccessRevoked(string roomId, IReadOnlyList<string> userIds)
        {
            foreach (var user in userIds)
            {
                Revoked.Enqueue(user);
            }
            return Task.CompletedTask;
        }

        public Task OnEvents(string roomId, IReadOnlyList<RoomEvent> events)
        {
            Rooms.Enqueue(roomId);
            Batches.Enqueue(events);
            if (Events.Count() >= expected)
            {
                Complete.TrySetResult();
            }
            return Task.CompletedTask;
        }
    }
}
