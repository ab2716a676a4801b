using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Client;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests;

/// <summary>The room event stream (changes, moderation, closing) survives a full server restart, on each storage provider.</summary>
public abstract class RoomEventRestartTests
{
    protected abstract HubRealtimeServer StartServer();

    [Fact]
    public async Task Edited_deleted_and_reacted_messages_mutes_and_closing_survive_a_restart()
    {
        var roomId = Rooms.NewId();
        TestUser ann, mod;
        RoomTimeline live = new();
        await using (var first = StartServer())
        {
            ann = await first.RegisterAsync("ann", "Ann");
            mod = await first.RegisterAsync("moderator", "Moderator");
            await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IRoomGrain>(roomId).CreateRestricted(
                Caller.System, "Plenary", new RoomAccess("meeting:restart", [ann.Email], [mod.Email]));
            await using var client = await RecordingClient.ConnectAsync(first, ann);
            await using var moderator = await RecordingClient.ConnectAsync(first, mod);
            await client.Hub.JoinRoomAsync(roomId);
            await moderator.Hub.JoinRoomAsync(roomId);
            var one = await client.Hub.SendMessageAsync(roomId, "m-1", "first draft");
            var two = await client.Hub.SendMessageAsync(roomId, "m-2", "to be removed");
            await client.Hub.EditMessageAsync(roomId, one.Seq, "first, final");
            await moderator.Hub.ReactAsync(roomId, one.Seq, "👍", true);
            await moderator.Hub.DeleteMessageAsync(roomId, two.Seq);
            await moderator.Hub.MuteParticipantAsync(roomId, ann.Email, true);
            await client.WaitForAsync(6);
            Assert.True(live.Apply(client.Received));
            await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IRoomGrain>(roomId).SetClosed(Caller.System, true);
        }

        await using var second = StartServer();
        await using var again = await RecordingClient.ConnectAsync(second, ann);
        var snapshot = await again.Hub.JoinRoomAsync(roomId);
        var joined = new RoomTimeline();
        joined.Load(snapshot);

        Assert.Equal(6, snapshot.LastSeq);
        Assert.Equal(live.Messages, joined.Messages);
        Assert.Equal(("first, final", "👍", true, ""), (joined.Messages[0].Text(), joined.Messages[0].Reactions().Single().Emoji, joined.Messages[1].Deleted(), joined.Messages[1].Text()));
        Assert.True(snapshot.Room.Closed);
        Assert.Equal(ErrorCodes.RoomClosed, (await Assert.ThrowsAsync<HubRealtimeException>(() => again.Hub.SendMessageAsync(roomId, "m-3", "closed"))).Code);
        var resend = await again.Hub.SendMessageAsync(roomId, "m-1", "a resend is answered, closed or not");
        Assert.Equal((true, 1L), (resend.Duplicate, resend.Seq));

        await second.Services.GetRequiredService<IGrainFactory>().GetGrain<IRoomGrain>(roomId).SetClosed(Caller.System, false);
        Assert.Equal(ErrorCodes.Muted, (await Assert.ThrowsAsync<HubRealtimeException>(() => again.Hub.SendMessageAsync(roomId, "m-4", "muted still"))).Code);
    }
}

public sealed class EmbeddedRoomEventRestartTests : RoomEventRestartTests, IDisposable
{
    private readonly TempDirectory _data = new("hubrealtime-event-restart");

    protected override HubRealtimeServer StartServer() => HubRealtimeServer.StartEmbedded(_data.Path);

    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureRoomEventRestartTests(AzuriteFixture azurite) : RoomEventRestartTests
{
    protected override HubRealtimeServer StartServer() => HubRealtimeServer.StartAzure(azurite.ConnectionString);
}
