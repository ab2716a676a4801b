using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using Orleans.Runtime;

namespace HubRealtime.Grains.Tests;

[Collection(RoomClusterCollection.Name)]
public sealed class RoomAccessTests(RoomClusterFixture fixture)
{
    private const string Scope = "group:test";

    private IGrainFactory Grains => fixture.Grains;

    private async Task<IRoomGrain> RestrictedAsync(params string[] members)
    {
        var room = Grains.GetGrain<IRoomGrain>(TestRooms.NewId());
        await room.CreateRestricted(Caller.System, "Working group", new RoomAccess(Scope, members));
        return room;
    }

    private static async Task<string> CodeOf(Func<Task> call) => (await Assert.ThrowsAsync<HubRealtimeException>(call)).Code;

    private static Func<Task>[] EveryUse(IRoomGrain room, Caller caller) =>
    [
        () => room.GetInfo(caller),
        () => room.Join(caller),
        () => room.Send(caller, new SendMessageRequest(TestRooms.ClientId(), "hello")),
        () => room.GetHistoryBefore(caller, 0, 10),
        () => room.GetHistoryAfter(caller, 0, 10),
    ];

    [Fact]
    public async Task A_restricted_room_admits_its_members_and_the_system_and_forbids_everyone_else()
    {
        var room = await RestrictedAsync(TestRooms.Ann.UserId);

        foreach (var use in EveryUse(room, TestRooms.Ann))
        {
            await use();
        }
        foreach (var use in EveryUse(room, TestRooms.Bo))
        {
            Assert.Equal(ErrorCodes.Forbidden, await CodeOf(use));
        }
        await room.Join(TestRooms.Ann with { UserId = "  ANN@Agency.Example" });
        var info = await room.GetInfo(TestRooms.Ann);
        Assert.Equal(Scope, info.CreatedBy);
        Assert.Single((await room.GetHistoryAfter(Caller.System, 0, 10)).Events);
    }

    [Fact]
    public async Task ConfigureAccess_replaces_the_members_and_survives_reactivation()
    {
        var room = await RestrictedAsync(TestRooms.Ann.UserId);
        await room.Send(TestRooms.Ann, new SendMessageRequest("a-1", "before"));

        await room.ConfigureAccess(Caller.System, new RoomAccess(Scope, [TestRooms.Bo.UserId]));

        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => room.Join(TestRooms.Ann)));
        Assert.Equal("before", Assert.Single((await room.Join(TestRooms.Bo)).Events).Text());

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => room.GetHistoryAfter(TestRooms.Ann, 0, 10)));
        Assert.Equal(2, (await room.Send(TestRooms.Bo, new SendMessageRequest("b-1", "after"))).Seq);
    }

    [Fact]
    public async Task Open_access_makes_a_restricted_room_a_lobby_and_lobbies_stay_open()
    {
        var room = await RestrictedAsync(TestRooms.Ann.UserId);
        var lobby = await TestRooms.CreateAsync(Grains);

        await room.ConfigureAccess(Caller.System, RoomAccess.Open);

        await room.Join(TestRooms.Bo);
        await lobby.Join(TestRooms.Bo);
        Assert.Equal(TestRooms.Ann.UserId, (await lobby.GetInfo(TestRooms.Bo)).CreatedBy);
    }

    [Fact]
    public async Task Only_the_system_sets_access()
    {
        var lobby = await TestRooms.CreateAsync(Grains);
        var other = Grains.GetGrain<IRoomGrain>(TestRooms.NewId());

        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => lobby.ConfigureAccess(TestRooms.Ann, new RoomAccess(Scope, [TestRooms.Ann.UserId]))));
        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => other.CreateRestricted(TestRooms.Ann, "Mine", new RoomAccess(Scope, [TestRooms.Ann.UserId]))));
        Assert.Equal(ErrorCodes.RoomNotFound, await CodeOf(() => other.GetInfo(TestRooms.Ann)));
        await lobby.Join(TestRooms.Bo);
    }

    [Fact]
    public async Task Malformed_access_is_refused()
    {
        var room = await RestrictedAsync(TestRooms.Ann.UserId);
        var missing = Grains.GetGrain<IRoomGrain>(TestRooms.NewId());
        var tooMany = Enumerable.Range(0, RoomAccess.MaxMembers + 1).Select(i => $"user-{i}@agency.example").ToList();

        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => room.ConfigureAccess(Caller.System, new RoomAccess(null, [TestRooms.Bo.UserId]))));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => room.ConfigureAccess(Caller.System, new RoomAccess(Scope, tooMany))));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => room.ConfigureAccess(Caller.System, new RoomAccess(Scope, [""]))));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => room.ConfigureAccess(Caller.System, new RoomAccess("has space", []))));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => missing.CreateRestricted(Caller.System, "Open?", RoomAccess.Open)));
        Assert.Equal(ErrorCodes.RoomNotFound, await CodeOf(() => missing.ConfigureAccess(Caller.System, new RoomAccess(Scope, []))));
        Assert.Equal(ErrorCodes.RoomExists, await CodeOf(() => room.CreateRestricted(Caller.System, "Again", new RoomAccess(Scope, []))));
        // Nothing above changed who may use the room.
        await room.Join(TestRooms.Ann);
        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => room.Join(TestRooms.Bo)));
    }
}
