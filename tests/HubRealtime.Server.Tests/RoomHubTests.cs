using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Client;

namespace HubRealtime.Server.Tests;

[Collection(EmbeddedServerCollection.Name)]
public sealed class RoomHubTests(EmbeddedServerFixture fixture)
{
    private HubRealtime.Testing.Server.HubRealtimeServer Server => fixture.Server;

    [Fact]
    public async Task Every_member_receives_every_message_in_the_same_order_with_dense_sequences()
    {
        var roomId = await Rooms.CreateAsync(Server);
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => RecordingClient.ConnectAsync(Server, $"user-{i}")));
        foreach (var client in clients)
        {
            Assert.Equal(0, (await client.Hub.JoinRoomAsync(roomId)).LastSeq);
        }
        const int perClient = 25;

        var acks = await Task.WhenAll(clients.SelectMany(client => Enumerable.Range(0, perClient).Select(i =>
            client.Hub.SendMessageAsync(roomId, Guid.NewGuid().ToString("N"), $"{client.Hub.Connection.ConnectionId} #{i}"))));
        await Task.WhenAll(clients.Select(c => c.WaitForAsync(clients.Length * perClient)));

        var expected = Enumerable.Range(1, clients.Length * perClient).Select(i => (long)i).ToList();
        Assert.Equal(expected, acks.Select(a => a.Seq).Order());
        foreach (var client in clients)
        {
            Assert.Equal(expected, client.Received.Select(m => m.Seq));
        }
        var byAck = acks.ToDictionary(a => a.ClientMessageId, a => a.Seq);
        Assert.All(clients[0].Received, m => Assert.Equal(byAck[m.ClientMessageId()], m.Seq));
        await DisposeAll(clients);
    }

    [Fact]
    public async Task A_resend_returns_the_original_ack_and_is_delivered_once()
    {
        var roomId = await Rooms.CreateAsync(Server);
        await using var sender = await RecordingClient.ConnectAsync(Server, "sender");
        await using var reader = await RecordingClient.ConnectAsync(Server, "reader");
        await sender.Hub.JoinRoomAsync(roomId);
        await reader.Hub.JoinRoomAsync(roomId);

        var first = await sender.Hub.SendMessageAsync(roomId, "retry-me", "hello");
        var again = await sender.Hub.SendMessageAsync(roomId, "retry-me", "hello");
        var next = await sender.Hub.SendMessageAsync(roomId, "next", "after");
        await reader.WaitForAsync(2);

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Seq, again.Seq);
        Assert.Equal(first.SentAt, again.SentAt);
        Assert.Equal(new[] { ("retry-me", 1L), ("next", 2L) }, reader.Received.Select(m => (m.ClientMessageId(), m.Seq)));
        Assert.Equal(next.Seq, (await reader.Hub.GetMissedAsync(roomId, 0, 10)).LastSeq);
    }

    [Fact]
    public async Task Joining_returns_recent_history_and_late_joiners_resume_without_gaps()
    {
        var roomId = await Rooms.CreateAsync(Server);
        await using var early = await RecordingClient.ConnectAsync(Server, "early");
        await early.Hub.JoinRoomAsync(roomId);
        for (var i = 1; i <= 60; i++)
        {
            await early.Hub.SendMessageAsync(roomId, $"m{i}", $"#{i}");
        }

        await using var late = await RecordingClient.ConnectAsync(Server, "late");
        var snapshot = await late.Hub.JoinRoomAsync(roomId);
        var older = await late.Hub.GetHistoryAsync(roomId, snapshot.Events[0].Seq, 50);
        var missed = await late.Hub.GetMissedAsync(roomId, 55, 200);

        Assert.Equal(60, snapshot.LastSeq);
        // The room's message total, beyond the 50 events the snapshot carries.
        Assert.Equal(60, snapshot.MessageCount);
        Assert.Equal(Enumerable.Range(11, 50).Select(i => $"#{i}"), snapshot.Events.Select(m => m.Text()));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), older.Events.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(56, 5).Select(i => (long)i), missed.Events.Select(m => m.Seq));
    }

    [Fact]
    public async Task Bad_input_gets_a_typed_error_stores_nothing_and_the_connection_stays_usable()
    {
        var roomId = await Rooms.CreateAsync(Server);
        await using var client = await RecordingClient.ConnectAsync(Server, "tester");
        var unknown = Rooms.NewId();

        async Task<string> CodeOf(Func<Task> call) => (await Assert.ThrowsAsync<HubRealtimeException>(call)).Code;

        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => client.Hub.JoinRoomAsync("Not A Room!")));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => client.Hub.JoinRoomAsync(null!)));
        Assert.Equal(ErrorCodes.RoomNotFound, await CodeOf(() => client.Hub.JoinRoomAsync(unknown)));
        Assert.Equal(ErrorCodes.NotInRoom, await CodeOf(() => client.Hub.SendMessageAsync(roomId, "x", "not joined yet")));
        await client.Hub.JoinRoomAsync(roomId);
        Assert.Equal(ErrorCodes.MessageEmpty, await CodeOf(() => client.Hub.SendMessageAsync(roomId, "e", "   ")));
        Assert.Equal(ErrorCodes.MessageTooLong, await CodeOf(() => client.Hub.SendMessageAsync(roomId, "l", new string('x', 4001))));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => client.Hub.SendMessageAsync(roomId, "bad id!", "text")));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => client.Hub.GetHistoryAsync(roomId, 0, 0)));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => client.Hub.GetMissedAsync(roomId, -5, 10)));

        Assert.Equal(0, (await client.Hub.GetMissedAsync(roomId, 0, 10)).LastSeq);
        var ack = await client.Hub.SendMessageAsync(roomId, "ok", "still connected");
        Assert.Equal(1, ack.Seq);
        await client.WaitForAsync(1);
        Assert.Equal("still connected", Assert.Single(client.Received).Text());
    }

    [Fact]
    public async Task A_frame_over_the_receive_limit_closes_only_that_connection_and_stores_nothing()
    {
        var roomId = await Rooms.CreateAsync(Server);
        await using var client = await RecordingClient.ConnectAsync(Server, "flooder");
        await using var other = await RecordingClient.ConnectAsync(Server, "bystander");
        await client.Hub.JoinRoomAsync(roomId);
        await other.Hub.JoinRoomAsync(roomId);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Hub.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        await Assert.ThrowsAnyAsync<Exception>(() => client.Hub.SendMessageAsync(roomId, "huge", new string('x', HubRealtime.Server.Realtime.HubFrameLimit.Bytes + 1)));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, (await other.Hub.GetMissedAsync(roomId, 0, 10)).LastSeq);
        Assert.Equal(1, (await other.Hub.SendMessageAsync(roomId, "fine", "the others go on")).Seq);
    }

    [Fact]
    public async Task Leaving_a_room_stops_its_events()
    {
        var roomId = await Rooms.CreateAsync(Server);
        await using var leaver = await RecordingClient.ConnectAsync(Server, "leaver");
        await using var stayer = await RecordingClient.ConnectAsync(Server, "stayer");
        await leaver.Hub.JoinRoomAsync(roomId);
        await stayer.Hub.JoinRoomAsync(roomId);
        await stayer.Hub.SendMessageAsync(roomId, "one", "both");
        await leaver.WaitForAsync(1);

        await leaver.Hub.LeaveRoomAsync(roomId);
        await stayer.Hub.SendMessageAsync(roomId, "two", "only stayer");
        await stayer.WaitForAsync(2);
        // The leaver left the group before "two" was sent, so no send to it was ever started.

        Assert.Equal([1L], leaver.Received.Select(m => m.Seq));
        Assert.Equal(ErrorCodes.NotInRoom,
            (await Assert.ThrowsAsync<HubRealtimeException>(() => leaver.Hub.SendMessageAsync(roomId, "three", "x"))).Code);
    }

    private static async Task DisposeAll(IEnumerable<RecordingClient> clients)
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
