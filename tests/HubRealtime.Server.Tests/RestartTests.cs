using HubRealtime.Testing;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests;

/// <summary>History and idempotency survive a full server restart, on each storage provider.</summary>
public abstract class RestartTests
{
    protected abstract HubRealtimeServer StartServer();

    [Fact]
    public async Task History_sequence_and_deduplication_survive_a_server_restart()
    {
        string roomId;
        TestUser ann;
        await using (var first = StartServer())
        {
            roomId = await Rooms.CreateAsync(first);
            ann = await first.RegisterAsync("ann", "Ann");
            await using var client = await RecordingClient.ConnectAsync(first, ann);
            await client.Hub.JoinRoomAsync(roomId);
            for (var i = 1; i <= 5; i++)
            {
                Assert.Equal(i, (await client.Hub.SendMessageAsync(roomId, $"before-{i}", $"before restart {i}")).Seq);
            }
        }

        await using var second = StartServer();
        await using var again = await RecordingClient.ConnectAsync(second, ann);
        var snapshot = await again.Hub.JoinRoomAsync(roomId);
        var resend = await again.Hub.SendMessageAsync(roomId, "before-5", "resent after restart");
        var next = await again.Hub.SendMessageAsync(roomId, "after-1", "after restart");

        Assert.Equal(5, snapshot.LastSeq);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"before restart {i}"), snapshot.Events.Select(m => m.Text()));
        Assert.True(resend.Duplicate);
        Assert.Equal(5, resend.Seq);
        Assert.Equal(6, next.Seq);
        await again.WaitForAsync(1);
        Assert.Equal("after restart", Assert.Single(again.Received).Text());
    }
}

public sealed class EmbeddedRestartTests : RestartTests, IDisposable
{
    private readonly TempDirectory _data = new("hubrealtime-restart");

    protected override HubRealtimeServer StartServer() => HubRealtimeServer.StartEmbedded(_data.Path);

    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureRestartTests(AzuriteFixture azurite) : RestartTests
{
    protected override HubRealtimeServer StartServer() => HubRealtimeServer.StartAzure(azurite.ConnectionString);
}
