using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests;

[Collection(EmbeddedServerCollection.Name)]
public sealed class RoomAccessHubTests(EmbeddedServerFixture fixture)
{
    [Fact]
    public async Task A_refused_join_leaves_no_live_subscription_behind()
    {
        var server = fixture.Server;
        var roomId = Rooms.NewId();
        var ann = await server.RegisterAsync("ann", "Ann");
        var mallory = await server.RegisterAsync("mallory", "Mallory");
        var grains = fixture.Server.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IRoomGrain>(roomId).CreateRestricted(
            Caller.System, "Working group", new RoomAccess("group:test", [ann.Email]));
        await using var member = await RecordingClient.ConnectAsync(server, ann);
        await using var outsider = await RecordingClient.ConnectAsync(server, mallory);
        await member.Hub.JoinRoomAsync(roomId);

        var refused = await Assert.ThrowsAsync<HubRealtimeException>(() => outsider.Hub.JoinRoomAsync(roomId));
        await member.Hub.SendMessageAsync(roomId, "secret-1", "members only");
        await member.WaitForAsync(1);
        // The outsider's connection still works, and nothing of the room reached it.
        var missed = await Assert.ThrowsAsync<HubRealtimeException>(() => outsider.Hub.GetMissedAsync(roomId, 0, 10));

        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        Assert.Equal(ErrorCodes.NotInRoom, missed.Code);
        Assert.Empty(outsider.Received);
    }
}
