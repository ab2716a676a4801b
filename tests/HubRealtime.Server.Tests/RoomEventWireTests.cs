using System.Text.Json;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Client;
using HubRealtime.Testing.Server;
using Microsoft.AspNetCore.SignalR.Client;

namespace HubRealtime.Server.Tests;

/// <summary>
/// Issue 8 §2: room events travel typed, in the JSON docs/protocol.md ("The room event") describes: an
/// envelope (room, seq, kind, time, actor) and a payload whose type is the kind, notices with typed bodies.
/// Read as raw JSON, as a client written from the docs alone reads it.
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class RoomEventWireTests(EmbeddedServerFixture fixture)
{
    [Fact]
    public async Task Snapshots_and_pages_carry_the_documented_envelope_and_typed_payloads()
    {
        var (roomId, ann) = await JoinedAsync("wire-ann");
        await using var connection = ann;
        var sent = await ann.Hub.SendMessageAsync(roomId, "w-1", "hello");
        await ann.Hub.ReactAsync(roomId, sent.Seq, "👍", true);
        await ann.Hub.EditMessageAsync(roomId, sent.Seq, "hello, all");
        var room = fixture.Server.Grains().GetGrain<IRoomGrain>(roomId);
        await room.PostNotice(Caller.System, new RoomNotice(RoomNoticeTypes.Broadcast, """{"text":"Back at 10","fromName":"Fa"}""", null, null));
        await room.PostNotice(Caller.System, new RoomNotice("future.kind", """{"x":1}""", null, null));

        var page = await ann.Hub.Connection.InvokeAsync<JsonElement>("GetMissed", roomId, 0L, 10);
        var events = page.GetProperty("events").EnumerateArray().ToList();

        Assert.Equal(5, page.GetProperty("lastSeq").GetInt64());
        Assert.Equal(["message", "reaction", "edit", "notice", "notice"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.All(events, e => Assert.Equal(e.GetProperty("kind").GetString(), e.GetProperty("payload").GetProperty("type").GetString()));
        Assert.All(events, e => Assert.Equal(roomId, e.GetProperty("roomId").GetString()));
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.GetProperty("seq").GetInt64()));

        var message = events[0];
        Assert.Equal("wire-ann", message.GetProperty("actor").GetProperty("displayName").GetString());
        Assert.True(DateTimeOffset.TryParse(message.GetProperty("time").GetString(), out _));
        var body = message.GetProperty("payload");
        // The message in its current state: edited, with its reaction.
        Assert.Equal(("w-1", "hello, all", false), (body.GetProperty("clientMessageId").GetString(), body.GetProperty("text").GetString(), body.GetProperty("deleted").GetBoolean()));
        Assert.Equal(JsonValueKind.String, body.GetProperty("editedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("replyToSeq").ValueKind);
        Assert.Equal("👍", body.GetProperty("reactions")[0].GetProperty("emoji").GetString());

        var reaction = events[1].GetProperty("payload");
        Assert.Equal((sent.Seq, "👍", true), (reaction.GetProperty("targetSeq").GetInt64(), reaction.GetProperty("emoji").GetString(), reaction.GetProperty("added").GetBoolean()));
        var edit = events[2].GetProperty("payload");
        Assert.Equal((sent.Seq, "hello, all"), (edit.GetProperty("targetSeq").GetInt64(), edit.GetProperty("text").GetString()));

        var broadcast = events[3];
        Assert.Equal(("#system", ""), (broadcast.GetProperty("actor").GetProperty("userId").GetString(), broadcast.GetProperty("actor").GetProperty("displayName").GetString()));
        Assert.Equal("broadcast", broadcast.GetProperty("payload").GetProperty("noticeType").GetString());
        var notice = broadcast.GetProperty("payload").GetProperty("notice");
        Assert.Equal(("broadcast", "Back at 10", "Fa"), (notice.GetProperty("type").GetString(), notice.GetProperty("text").GetString(), notice.GetProperty("fromName").GetString()));

        // A notice type this build does not know keeps its stored JSON.
        var other = events[4].GetProperty("payload");
        Assert.Equal("future.kind", other.GetProperty("noticeType").GetString());
        Assert.Equal(("other", """{"x":1}"""), (other.GetProperty("notice").GetProperty("type").GetString(), other.GetProperty("notice").GetProperty("json").GetString()));
    }

    [Fact]
    public async Task The_dotnet_client_reads_the_typed_events_it_is_sent_live()
    {
        var (roomId, ann) = await JoinedAsync("wire-live");
        await using var connection = ann;
        var sent = await ann.Hub.SendMessageAsync(roomId, "l-1", "live");
        var deleted = await ann.Hub.DeleteMessageAsync(roomId, sent.Seq);
        await ann.WaitForAsync(2);

        Assert.Equal(new MessagePayload("l-1", "live", null, null, false, []), ann.Received[0].Payload);
        Assert.Equal(new DeletePayload(sent.Seq), ann.Received[1].Payload);
        Assert.Equal(RoomEventKind.Delete, ann.Received[1].Kind);
        Assert.Equal(new MessagePayload("l-1", "", null, null, true, []), deleted.Target.Payload);
    }

    /// <summary>A new room and a new member joined to it.</summary>
    private async Task<(string RoomId, RecordingClient Client)> JoinedAsync(string name)
    {
        var roomId = await Rooms.CreateAsync(fixture.Server);
        var client = await RecordingClient.ConnectAsync(fixture.Server, name);
        await client.Hub.JoinRoomAsync(roomId);
        return (roomId, client);
    }
}
