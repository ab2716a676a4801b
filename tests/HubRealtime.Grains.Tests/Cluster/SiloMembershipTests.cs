using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Grains.Tests.Cluster;

/// <summary>
/// What a silo joining or leaving the cluster does to live events: every silo hears of it at once
/// (so its feeds re-subscribe), and rooms stop sending to a silo the cluster declared dead.
/// </summary>
[Collection(RoomClusterCollection.Name)]
public sealed class SiloMembershipTests(RoomClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_joining_and_a_leaving_silo_are_announced_and_rooms_drop_the_dead_silos_observer()
    {
        // Created before the extra silo exists, so the room lives on a silo that stays.
        var room = await TestRooms.CreateAsync(fixture.Grains);
        await room.Send(TestRooms.Ann, new SendMessageRequest("warm", "activates the room"));
        var primary = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Primary!.SiloAddress);
        var joined = new TaskCompletionSource<ClusterMembershipSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = primary.GetRequiredService<MembershipChanges>().Register(snapshot =>
        {
            joined.TrySetResult(snapshot);
            return Task.CompletedTask;
        });

        var extra = await fixture.Cluster.StartAdditionalSiloAsync();
        var announced = await joined.Task.WaitAsync(Patience);
        Assert.Contains(extra.SiloAddress, announced.Members.Keys);

        // One observer per silo: the extra silo's, and a live one's.
        var ofDeadSilo = new RoomObserverTests.CollectingObserver(expected: 1);
        var ofLiveSilo = new RoomObserverTests.CollectingObserver(expected: 2);
        await room.Subscribe(fixture.Grains.CreateObjectReference<IRoomObserver>(ofDeadSilo), extra.SiloAddress);
        await room.Subscribe(fixture.Grains.CreateObjectReference<IRoomObserver>(ofLiveSilo), fixture.Cluster.Primary!.SiloAddress);
        await room.Send(TestRooms.Ann, new SendMessageRequest("before", "both silos get this"));
        await ofDeadSilo.Complete.Task.WaitAsync(Patience);

        await fixture.Cluster.StopSiloAsync(extra);
        await Task.WhenAll(fixture.Cluster.GetActiveSilos().Select(silo =>
            SeesDeadAsync(fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress), extra.SiloAddress)));
        await room.Send(TestRooms.Ann, new SendMessageRequest("after", "only the live silo gets this"));
        await ofLiveSilo.Complete.Task.WaitAsync(Patience);

        // Notifications to the live silo went out after the dead one's would have (same grain turn).
        Assert.Equal(["before", "after"], ofLiveSilo.Events.Select(m => m.ClientMessageId()));
        Assert.Equal(["before"], ofDeadSilo.Events.Select(m => m.ClientMessageId()));
    }

    /// <summary>Awaits this silo's membership view in which <paramref name="dead"/> is dead.</summary>
    private static async Task SeesDeadAsync(IServiceProvider silo, SiloAddress dead)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var membership = silo.GetRequiredService<IClusterMembershipService>();
        if (membership.CurrentSnapshot.GetSiloStatus(dead) == SiloStatus.Dead)
        {
            return;
        }
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(timeout.Token))
        {
            if (snapshot.GetSiloStatus(dead) == SiloStatus.Dead)
            {
                return;
            }
        }
    }
}
