using HubRealtime.Abstractions.Rooms;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests;

/// <summary>After a delete, the live server serves none of the message's earlier edit text.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class RoomDeleteEraseHubTests(EmbeddedServerFixture fixture)
{
    [Fact]
    public async Task A_deleted_message_edit_text_is_gone_from_missed_history_and_a_fresh_join()
    {
        var server = fixture.Server;
        var roomId = await Rooms.CreateAsync(server);
        await using var ann = await RecordingClient.ConnectAsync(server, "ann");
        await ann.Hub.JoinRoomAsync(roomId);
        var sent = await ann.Hub.SendMessageAsync(roomId, Guid.NewGuid().ToString("N"), "hello");
        await ann.Hub.EditMessageAsync(roomId, sent.Seq, "secret");
        await ann.Hub.DeleteMessageAsync(roomId, sent.Seq);

        var missed = await ann.Hub.GetMissedAsync(roomId, 0, ChatLimits.MaxPageSize);
        var history = await ann.Hub.GetHistoryAsync(roomId, 0, ChatLimits.MaxPageSize);
        await using var fresh = await RecordingClient.ConnectAsync(server, "ann-again");
        var snapshot = await fresh.Hub.JoinRoomAsync(roomId);

        Assert.Equal([RoomEventKind.Message, RoomEventKind.Edit, RoomEventKind.Delete], missed.Events.Select(m => m.Kind));
        foreach (var events in new[] { missed.Events, history.Events, snapshot.Events })
        {
            Assert.Equal(3, events.Count);
            Assert.All(events, e => Assert.DoesNotContain("secret", e.Text()));
        }
    }
}
