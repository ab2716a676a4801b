using HubRealtime.Abstractions.Errors;
using HubRealtime.Server.Realtime;
using HubRealtime.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests;

/// <summary>
/// The one connections service: joins, leaves and disconnects that race each other leave exactly what
/// the last of them says, and the silo's room feed lives as long as a local connection holds the room.
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class HubConnectionsTests(EmbeddedServerFixture fixture)
{
    private HubConnections Connections => fixture.Server.Services.GetRequiredService<HubConnections>();

    [Fact]
    public async Task A_leave_racing_a_join_leaves_the_connection_out_of_the_room()
    {
        var server = fixture.Server;
        var roomId = await Rooms.CreateAsync(server);
        await using var ann = await RecordingClient.ConnectAsync(server, "ann");
        await using var bo = await RecordingClient.ConnectAsync(server, "bo");
        await bo.Hub.JoinRoomAsync(roomId);

        for (var i = 0; i < 20; i++)
        {
            var join = ann.Hub.JoinRoomAsync(roomId);
            var leave = ann.Hub.LeaveRoomAsync(roomId);
            await Task.WhenAll(Swallow(join), leave);
            await ann.Hub.LeaveRoomAsync(roomId);
        }
        await bo.Hub.SendMessageAsync(roomId, "after", "ann is not here");
        await bo.WaitForAsync(1);

        var code = (await Assert.ThrowsAsync<Abstractions.Errors.HubRealtimeException>(() => ann.Hub.GetPresenceAsync(roomId))).Code;
        Assert.Equal(ErrorCodes.NotInRoom, code);
        Assert.Equal(1, Connections.LocalConnectionsIn(roomId));
        Assert.Empty(ann.Received);
    }

    [Fact]
    public async Task Joining_twice_at_once_joins_once_and_the_feed_ends_with_the_last_connection()
    {
        var server = fixture.Server;
        var roomId = await Rooms.CreateAsync(server);
        await using var ann = await RecordingClient.ConnectAsync(server, "ann");
        await using var bo = await RecordingClient.ConnectAsync(server, "bo");

        var both = await Task.WhenAll(ann.Hub.JoinRoomAsync(roomId), ann.Hub.JoinRoomAsync(roomId));
        await bo.Hub.JoinRoomAsync(roomId);
        Assert.All(both, snapshot => Assert.Equal(roomId, snapshot.Room.RoomId));
        Assert.Equal(2, Connections.LocalConnectionsIn(roomId));
        await bo.Hub.SendMessageAsync(roomId, "once", "delivered once");
        await ann.WaitForAsync(1);
        Assert.Single(ann.Received);

        await ann.Hub.LeaveRoomAsync(roomId);
        Assert.Equal(1, Connections.LocalConnectionsIn(roomId));
        await bo.Hub.LeaveRoomAsync(roomId);
        // No local connection holds the room: its feed is closed.
        Assert.Equal(0, Connections.LocalConnectionsIn(roomId));
    }

    private static async Task Swallow(Task call)
    {
        try
        {
            await call;
        }
        catch (Abstractions.Errors.HubRealtimeException error) when (error.Code == ErrorCodes.NotInRoom)
        {
            // The leave won: the join says so.
        }
    }
}
