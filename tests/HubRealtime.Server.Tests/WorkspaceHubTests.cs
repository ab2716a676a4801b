using System.Net.Http.Json;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.Workspace;
using HubRealtime.Client;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests;

/// <summary>The workspace over real Kestrel: GET /api/me/workspace, MarkRead, WatchActivity, RoomActivity, ReadPositionChanged, mentions.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class WorkspaceHubTests(EmbeddedServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private HubRealtimeServer Server => fixture.Server;

    /// <summary>A new account and its token; <paramref name="owner"/>: it will own a group, a lead role that needs MFA.</summary>
    private async Task<(TestUser User, string Token)> UserAsync(string name, bool owner = false)
    {
        var user = await Server.RegisterAsync(name.ToLowerInvariant(), name, mfa: owner);
        return (user, await Server.TokenAsync(user));
    }

    private RoomHubClient Hub(string token) => RoomHubClient.Create(Server.BaseAddress, () => Task.FromResult<string?>(token));

    private static SendMessageRequest Message(string text, params string[] mentions) => new(Guid.NewGuid().ToString("N"), text, null, mentions);

    /// <summary>Mentions reach the workspace one-way: re-reads (bounded) until the room shows them.</summary>
    private static async Task<WorkspaceRoom> RoomWhen(WorkspaceClient workspace, string roomId, Func<WorkspaceRoom, bool> ready)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var room = (await workspace.GetAsync()).Rooms.SingleOrDefault(r => r.RoomId == roomId);
            if (room is not null && ready(room))
            {
                return room;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Room {roomId} never became ready: {room}");
            await Task.Yield();
        }
    }

    [Fact]
    public async Task The_workspace_lists_my_groups_and_joined_rooms_with_unread_and_mention_counts_that_reading_clears()
    {
        var (ann, annToken) = await UserAsync("Ann", owner: true);
        var (bo, boToken) = await UserAsync("Bo");
        var roomId = await Rooms.CreateAsync(Server, "Coordination");
        var groupId = "wsg-" + Guid.NewGuid().ToString("N")[..10];
        using (var http = Server.Client(annToken))
        {
            (await http.PostAsJsonAsync("/api/groups", new { groupId, title = "Cyber desk" })).EnsureSuccessStatusCode();
        }

        await using var annHub = Hub(annToken);
        await using var annOtherTab = Hub(annToken);
        await using var boHub = Hub(boToken);
        var moved = new TaskCompletionSource<ReadPosition>(TaskCreationOptions.RunContinuationsAsynchronously);
        annOtherTab.OnReadPositionChanged(p => moved.TrySetResult(p));
        await Task.WhenAll(annHub.StartAsync(), annOtherTab.StartAsync(), boHub.StartAsync());
        await annHub.JoinRoomAsync(roomId);
        await annHub.LeaveRoomAsync(roomId);
        await boHub.JoinRoomAsync(roomId);

        await boHub.SendMessageAsync(roomId, Message("hello"));
        var mention = await boHub.SendMessageAsync(roomId, Message("@Ann please look", ann.Email));

        var workspace = WorkspaceClient.WithToken(Server.BaseAddress, annToken);
        var room = await RoomWhen(workspace, roomId, r => r.Mentions == 1);
        Assert.Equal("Coordination", room.Title);
        Assert.Equal(2, room.Unread);
        Assert.Equal(mention.Seq, room.LastSeq);
        var view = await workspace.GetAsync();
        var group = Assert.Single(view.Groups, g => g.GroupId == groupId);
        Assert.Equal("Cyber desk", group.Room.Title);
        Assert.Equal("wg-" + groupId, group.Room.RoomId);
        Assert.DoesNotContain(view.Rooms, r => r.RoomId == group.Room.RoomId);

        // The message carries its mentions for every client.
        var stored = (await boHub.GetMissedAsync(roomId, mention.Seq - 1, 1)).Events.Single();
        Assert.Equal([ann.Email], ((MessagePayload)stored.Payload).Mentions);

        var position = await annHub.MarkReadAsync(roomId, mention.Seq);
        Assert.Equal(new ReadPosition(roomId, mention.Seq, 0), position);
        Assert.Equal(position, await moved.Task.WaitAsync(Timeout));
        var read = (await workspace.GetAsync()).Rooms.Single(r => r.RoomId == roomId);
        Assert.Equal((0L, 0), (read.Unread, read.Mentions));

        // Forgotten rooms leave the list; the others' workspace is theirs alone.
        await workspace.ForgetRoomAsync(roomId);
        Assert.DoesNotContain((await workspace.GetAsync()).Rooms, r => r.RoomId == roomId);
        Assert.Contains((await WorkspaceClient.WithToken(Server.BaseAddress, boToken).GetAsync()).Rooms, r => r.RoomId == roomId);
    }

    [Fact]
    public async Task A_watching_connection_gets_room_activity_without_joining_and_only_for_rooms_it_may_read()
    {
        var (ann, annToken) = await UserAsync("Ann");
        var (_, boToken) = await UserAsync("Bo", owner: true);
        var roomId = await Rooms.CreateAsync(Server, "Watched");
        var groupId = "wsw-" + Guid.NewGuid().ToString("N")[..10];
        using (var http = Server.Client(boToken))
        {
            (await http.PostAsJsonAsync("/api/groups", new { groupId, title = "Bo's group" })).EnsureSuccessStatusCode();
        }

        await using var annHub = Hub(annToken);
        await using var boHub = Hub(boToken);
        var activity = new TaskCompletionSource<RoomActivityEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = 0;
        annHub.OnRoomActivity(a => activity.TrySetResult(a));
        annHub.OnEvents((_, _) => Interlocked.Increment(ref events));
        await Task.WhenAll(annHub.StartAsync(), boHub.StartAsync());

        var watched = await annHub.WatchActivityAsync([roomId, "wg-" + groupId, Rooms.NewId()]);
        Assert.Equal([roomId], watched);

        await boHub.JoinRoomAsync(roomId);
        var ack = await boHub.SendMessageAsync(roomId, Message("@Ann news", ann.Email));

        var seen = await activity.Task.WaitAsync(Timeout);
        Assert.Equal(roomId, seen.RoomId);
        Assert.Equal(ack.Seq, seen.LastSeq);
        var message = Assert.Single(seen.Messages);
        Assert.Equal(ack.Seq, message.Seq);
        Assert.Equal([ann.Email], message.Mentions);
        Assert.Equal(0, Volatile.Read(ref events));
        // Not joined: room calls still answer not_in_room.
        var refused = await Assert.ThrowsAsync<HubRealtimeException>(() => annHub.GetMissedAsync(roomId, 0, 10));
        Assert.Equal(ErrorCodes.NotInRoom, refused.Code);

        Assert.Empty(await annHub.WatchActivityAsync([]));
    }

    [Fact]
    public async Task A_mention_of_someone_unknown_is_refused_with_a_code_and_nothing_is_stored()
    {
        var (_, token) = await UserAsync("Ann");
        var roomId = await Rooms.CreateAsync(Server);
        await using var hub = Hub(token);
        await hub.StartAsync();
        await hub.JoinRoomAsync(roomId);

        var unknown = await Assert.ThrowsAsync<HubRealtimeException>(() => hub.SendMessageAsync(roomId, Message("hi", "nobody-" + Guid.NewGuid().ToString("N")[..8] + "@example.org")));
        Assert.Equal(ErrorCodes.UserNotFound, unknown.Code);
        var tooMany = Enumerable.Range(0, 21).Select(i => $"u{i}@example.org").ToArray();
        var refused = await Assert.ThrowsAsync<HubRealtimeException>(() => hub.SendMessageAsync(roomId, Message("hi", tooMany)));
        Assert.Equal(ErrorCodes.InvalidArgument, refused.Code);
        Assert.Equal(0, (await hub.GetMissedAsync(roomId, 0, 10)).LastSeq);

        var stepBack = await hub.MarkReadAsync(roomId, 0);
        Assert.Equal(0, stepBack.ReadSeq);
        var bad = await Assert.ThrowsAsync<HubRealtimeException>(() => hub.MarkReadAsync(roomId, -1));
        Assert.Equal(ErrorCodes.InvalidArgument, bad.Code);
    }
}
