using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Presence;

namespace HubRealtime.Grains.Tests.Presence;

/// <summary>
/// The presence grain on the two-silo cluster, with the shared fake clock: tests advance it to end grace
/// periods and expire silos. Recorders stand in for silos (each is one observer, like one silo's fan-out).
/// </summary>
[Collection(RoomClusterCollection.Name)]
public sealed class PresenceGrainTests(RoomClusterFixture fixture)
{
    private static readonly Caller Cy = new("cy@agency.example", "Cy");

    private static PresenceUser Ann(int connections) => new(TestRooms.Ann.UserId, TestRooms.Ann.DisplayName, connections);

    private static PresenceUser Bo(int connections) => new(TestRooms.Bo.UserId, TestRooms.Bo.DisplayName, connections);

    private (IPresenceGrain Grain, PresenceRecorder Recorder, IPresenceObserver Silo) NewRoom()
    {
        var recorder = new PresenceRecorder();
        return (fixture.Grains.GetGrain<IPresenceGrain>(TestRooms.NewId()), recorder, fixture.Grains.CreateObjectReference<IPresenceObserver>(recorder));
    }

    private IPresenceObserver OtherSilo(out PresenceRecorder recorder)
    {
        recorder = new PresenceRecorder();
        return fixture.Grains.CreateObjectReference<IPresenceObserver>(recorder);
    }

    private static Dictionary<string, int> Counts(PresenceSnapshot snapshot) =>
        snapshot.Users.ToDictionary(u => u.UserId, u => u.Connections);

    [Fact]
    public async Task Tabs_and_devices_of_one_user_count_as_one_user_with_their_connections_summed()
    {
        var (grain, _, siloA) = NewRoom();
        var siloB = OtherSilo(out _);

        await grain.Report(siloA, [Ann(2)], full: false);
        var both = await grain.Report(siloB, [Ann(1), Bo(1)], full: false);
        var oneTabClosed = await grain.Report(siloA, [Ann(1)], full: false);
        var silosALeft = await grain.Report(siloA, [Ann(0)], full: false);

        Assert.Equal(new Dictionary<string, int> { [TestRooms.Ann.UserId] = 3, [TestRooms.Bo.UserId] = 1 }, Counts(both));
        Assert.Equal(2, Counts(oneTabClosed)[TestRooms.Ann.UserId]);
        Assert.Equal(1, Counts(silosALeft)[TestRooms.Ann.UserId]);
        Assert.Equal(["Ann", "Bo"], silosALeft.Users.Select(u => u.DisplayName));
    }

    [Fact]
    public async Task A_silo_that_only_watches_hears_every_change_without_adding_anyone_until_it_stops()
    {
        var (grain, _, present) = NewRoom();
        var watching = OtherSilo(out var watcher);

        var empty = await grain.Report(watching, [], full: true, watched: true);
        await grain.Report(present, [Ann(1)], full: false);
        var heard = await watcher.SnapshotAsync(s => s.Users.Any(u => u.UserId == TestRooms.Ann.UserId));
        await grain.Report(watching, [], full: true, watched: false);
        await grain.Report(present, [Bo(1)], full: false);
        // A later change on the watcher's own silo would reach it again; after Bo, nothing of the room did.
        var after = await grain.Get(Caller.System);

        Assert.Empty(empty.Users);
        Assert.Equal([TestRooms.Ann.UserId], heard.Users.Select(u => u.UserId));
        Assert.Equal(2, after.Users.Count);
        Assert.DoesNotContain(watcher.Snapshots, s => s.Users.Any(u => u.UserId == TestRooms.Bo.UserId));
    }

    [Fact]
    public async Task A_user_who_drops_and_rejoins_within_the_grace_period_causes_no_change()
    {
        var (grain, recorder, silo) = NewRoom();
        var joined = await grain.Report(silo, [Ann(1)], full: false);

        var dropped = await grain.Report(silo, [Ann(0)], full: false);
        RoomClusterFixture.Clock.Advance(TimeSpan.FromSeconds(3));
        var back = await grain.Report(silo, [Ann(1)], full: false);
        RoomClusterFixture.Clock.Advance(TimeSpan.FromSeconds(10));
        var later = await grain.Get(Caller.System);
        // A later change is delivered after anything the drop could have sent.
        await grain.Report(silo, [Bo(1)], full: false);
        await recorder.SnapshotAsync(s => s.Users.Any(u => u.UserId == TestRooms.Bo.UserId));

        Assert.Equal(joined.Version, dropped.Version);
        Assert.Equal(joined.Users, dropped.Users);
        Assert.Equal(joined.Version, back.Version);
        Assert.Equal(joined.Version, later.Version);
        Assert.All(recorder.Snapshots, s => Assert.Contains(s.Users, u => u.UserId == TestRooms.Ann.UserId));
    }

    [Fact]
    public async Task A_user_gone_longer_than_the_grace_period_leaves()
    {
        var (grain, recorder, silo) = NewRoom();
        await grain.Report(silo, [Ann(1), Bo(1)], full: false);

        var dropped = await grain.Report(silo, [Ann(0)], full: false);
        RoomClusterFixture.Clock.Advance(TimeSpan.FromSeconds(6));
        var left = await recorder.SnapshotAsync(s => s.Users.All(u => u.UserId != TestRooms.Ann.UserId));

        Assert.Contains(dropped.Users, u => u.UserId == TestRooms.Ann.UserId);
        Assert.Equal([TestRooms.Bo.UserId], left.Users.Select(u => u.UserId));
        Assert.Equal([TestRooms.Bo.UserId], (await grain.Get(Caller.System)).Users.Select(u => u.UserId));
    }

    [Fact]
    public async Task The_connections_of_a_silo_that_stops_refreshing_expire()
    {
        var (grain, _, deadSilo) = NewRoom();
        var liveSilo = OtherSilo(out var live);
        await grain.Report(deadSilo, [Ann(2)], full: false);
        await grain.Report(liveSilo, [Bo(1)], full: false);

        RoomClusterFixture.Clock.Advance(TimeSpan.FromSeconds(30));
        await grain.Report(liveSilo, [Bo(1)], full: true);
        RoomClusterFixture.Clock.Advance(TimeSpan.FromSeconds(20));
        var after = await live.SnapshotAsync(s => s.Users.All(u => u.UserId != TestRooms.Ann.UserId));

        Assert.Equal([TestRooms.Bo.UserId], after.Users.Select(u => u.UserId));
    }

    [Fact]
    public async Task A_full_report_replaces_what_the_silo_reported_before()
    {
        var (grain, _, silo) = NewRoom();
        await grain.Report(silo, [Ann(1), Bo(2)], full: false);

        var replaced = await grain.Report(silo, [Bo(1)], full: true);
        RoomClusterFixture.Clock.Advance(TimeSpan.FromSeconds(6));
        var settled = await grain.Get(Caller.System);

        // Ann is within her grace period at first, then gone.
        Assert.Equal(new Dictionary<string, int> { [TestRooms.Ann.UserId] = 1, [TestRooms.Bo.UserId] = 1 }, Counts(replaced));
        Assert.Equal([TestRooms.Bo.UserId], settled.Users.Select(u => u.UserId));
    }

    [Fact]
    public async Task Typing_reaches_every_silo_with_its_origin_and_only_from_present_users()
    {
        var (grain, recorder, silo) = NewRoom();
        var otherSilo = OtherSilo(out var other);
        await grain.Report(silo, [Ann(1)], full: false);
        await grain.Report(otherSilo, [Bo(1)], full: false);

        await grain.Typing(Cy, "conn-cy");
        await grain.Typing(TestRooms.Ann, "conn-ann");
        var seenHere = await recorder.TypingAsync(_ => true);
        var seenThere = await other.TypingAsync(_ => true);

        Assert.Equal(new TypingNotice(grain.GetPrimaryKeyString(), TestRooms.Ann.UserId, "Ann", "conn-ann"), seenHere);
        Assert.Equal(seenHere, seenThere);
        Assert.Single(recorder.Typing);
    }

    [Fact]
    public async Task Concurrent_reports_of_several_silos_reach_every_silo_as_one_ordered_list()
    {
        var (grain, a, siloA) = NewRoom();
        var siloB = OtherSilo(out var b);
        var siloC = OtherSilo(out var c);
        PresenceUser User(int n, int connections) => new($"u{n}@agency.example", $"User {n}", connections);

        await Task.WhenAll(
            grain.Report(siloA, [User(1, 1), User(2, 1)], full: false),
            grain.Report(siloB, [User(3, 1)], full: false),
            grain.Report(siloC, [User(4, 2), User(1, 1)], full: false));
        await Task.WhenAll(
            grain.Report(siloA, [User(2, 0)], full: false),
            grain.Report(siloB, [User(5, 1)], full: false));
        var truth = await grain.Get(Caller.System);
        // A silo reporting later gets the whole list in the reply, others' users included.
        var late = await grain.Report(siloB, [User(3, 1), User(5, 1)], full: true);
        var seen = await Task.WhenAll(new[] { a, b, c }.Select(r => r.SnapshotAsync(s => s.Version == truth.Version)));
        RoomClusterFixture.Clock.Advance(TimeSpan.FromSeconds(6));
        var afterGrace = await Task.WhenAll(new[] { a, b, c }.Select(r => r.SnapshotAsync(s => s.Version == truth.Version + 1)));

        Assert.Equal(new Dictionary<string, int>
        {
            [User(1, 0).UserId] = 2, [User(2, 0).UserId] = 1, [User(3, 0).UserId] = 1, [User(4, 0).UserId] = 2, [User(5, 0).UserId] = 1,
        }, Counts(truth));
        Assert.Equal((truth.Epoch, truth.Version), (late.Epoch, late.Version));
        Assert.Equal(truth.Users, late.Users);
        Assert.All(seen, s => Assert.Equal(truth.Users, s.Users));
        // User 2 left after the grace period, in one more version, seen alike by every silo.
        Assert.All(afterGrace, s => Assert.Equal(truth.Users.Where(u => u.UserId != User(2, 0).UserId), s.Users));
        Assert.All(afterGrace, s => Assert.False(s.IsNewerThan(afterGrace[0])));
    }

    [Fact]
    public async Task Reports_are_validated_and_the_snapshot_is_for_the_system_only()
    {
        var (grain, _, silo) = NewRoom();

        var negative = await Assert.ThrowsAsync<HubRealtimeException>(() => grain.Report(silo, [Ann(-1)], full: false));
        var nameless = await Assert.ThrowsAsync<HubRealtimeException>(() => grain.Report(silo, [new PresenceUser("", "x", 1)], full: false));
        var read = await Assert.ThrowsAsync<HubRealtimeException>(() => grain.Get(TestRooms.Ann));

        Assert.Equal(ErrorCodes.InvalidArgument, negative.Code);
        Assert.Equal(ErrorCodes.InvalidArgument, nameless.Code);
        Assert.Equal(ErrorCodes.Forbidden, read.Code);
        Assert.Empty((await grain.Get(Caller.System)).Users);
    }
}
