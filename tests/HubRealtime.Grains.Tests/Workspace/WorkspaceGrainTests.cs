using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.Workspace;

namespace HubRealtime.Grains.Tests.Workspace;

[Collection(RoomClusterCollection.Name)]
public sealed class WorkspaceGrainTests(RoomClusterFixture fixture)
{
    private const string Scope = "group:workspace-test";

    private IGrainFactory Grains => fixture.Grains;

    private static Caller NewUser(string name) => new($"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@agency.example"[..40], name);

    private IWorkspaceGrain WorkspaceOf(Caller user) => Grains.GetGrain<IWorkspaceGrain>(user.UserId);

    private async Task<IRoomGrain> RestrictedAsync(params Caller[] members)
    {
        var room = Grains.GetGrain<IRoomGrain>(TestRooms.NewId());
        await room.CreateRestricted(Caller.System, "Desk", new RoomAccess(Scope, [.. members.Select(m => m.UserId)]));
        return room;
    }

    private static Task<SendAck> Say(IRoomGrain room, Caller who, string text, params Caller[] mentions) =>
        room.Send(who, new SendMessageRequest(TestRooms.ClientId(), text, null, [.. mentions.Select(m => m.UserId)]));

    private async Task<WorkspaceRoom?> RoomInWorkspace(Caller user, string roomId) =>
        (await WorkspaceOf(user).Get(user)).Rooms.SingleOrDefault(r => r.RoomId == roomId);

    /// <summary>Mentions arrive one-way: waits (bounded) until the workspace shows what the room sent.</summary>
    private async Task<WorkspaceRoom> MentionsReach(Caller user, string roomId, int mentions)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var room = await RoomInWorkspace(user, roomId);
            if (room?.Mentions == mentions || DateTime.UtcNow > deadline)
            {
                Assert.NotNull(room);
                Assert.Equal(mentions, room.Mentions);
                return room;
            }
            await Task.Yield();
        }
    }

    private static async Task<string> CodeOf(Func<Task> call) => (await Assert.ThrowsAsync<HubRealtimeException>(call)).Code;

    [Fact]
    public async Task Unread_counts_only_messages_after_the_read_position_and_never_moves_back()
    {
        var (ann, bo) = (NewUser("Ann"), NewUser("Bo"));
        var room = await RestrictedAsync(ann, bo);
        var key = room.GetPrimaryKeyString();
        await WorkspaceOf(ann).RecordJoin(ann, key);

        var first = await Say(room, bo, "one");
        var second = await Say(room, bo, "two");
        await room.PostNotice(Caller.System, new RoomNotice("test.notice", "{}", null, null));
        await room.React(ann, first.Seq, "👍", add: true);
        await Say(room, bo, "three");

        var before = await RoomInWorkspace(ann, key);
        Assert.NotNull(before);
        Assert.Equal(3, before.Unread);
        Assert.Equal(0, before.ReadSeq);

        var read = await WorkspaceOf(ann).MarkRead(ann, key, second.Seq);
        Assert.Equal(second.Seq, read.ReadSeq);
        Assert.Equal(1, (await RoomInWorkspace(ann, key))!.Unread);

        // A lower position changes nothing; one past the end is clamped to the last sequence.
        Assert.Equal(second.Seq, (await WorkspaceOf(ann).MarkRead(ann, key, first.Seq)).ReadSeq);
        Assert.Equal(1, (await RoomInWorkspace(ann, key))!.Unread);
        var all = await WorkspaceOf(ann).MarkRead(ann, key, 10_000);
        var activity = await room.GetActivity(ann);
        Assert.Equal(activity.LastSeq, all.ReadSeq);
        Assert.Equal(3, activity.MessageCount);
        Assert.Equal(0, (await RoomInWorkspace(ann, key))!.Unread);
    }

    [Fact]
    public async Task A_mention_counts_for_the_mentioned_user_until_read_past_and_is_stored_on_the_message()
    {
        var (ann, bo) = (NewUser("Ann"), NewUser("Bo"));
        var room = await RestrictedAsync(ann, bo);
        var key = room.GetPrimaryKeyString();
        await WorkspaceOf(ann).RecordJoin(ann, key);
        await WorkspaceOf(bo).RecordJoin(bo, key);

        await Say(room, bo, "plain");
        var mention = await Say(room, bo, "@Ann look", ann, ann);
        await Say(room, bo, "@Ann again", ann);

        var withMentions = await MentionsReach(ann, key, 2);
        Assert.Equal(3, withMentions.Unread);
        Assert.Equal(0, (await RoomInWorkspace(bo, key))!.Mentions);

        var stored = (await room.GetHistoryAfter(ann, mention.Seq - 1, 1)).Events.Single();
        Assert.Equal([ann.UserId], ((MessagePayload)stored.Payload).Mentions);

        var read = await WorkspaceOf(ann).MarkRead(ann, key, mention.Seq);
        Assert.Equal(1, read.Mentions);
        await WorkspaceOf(ann).MarkRead(ann, key, mention.Seq + 1);
        Assert.Equal(0, (await RoomInWorkspace(ann, key))!.Mentions);
    }

    [Fact]
    public async Task Bad_mentions_are_refused_with_a_code_and_nothing_is_stored()
    {
        var (ann, bo, outsider) = (NewUser("Ann"), NewUser("Bo"), NewUser("Cy"));
        var room = await RestrictedAsync(ann, bo);
        var open = await TestRooms.CreateAsync(Grains);

        Assert.Equal(ErrorCodes.UserNotFound, await CodeOf(() => Say(room, bo, "hi", outsider)));
        Assert.Equal(ErrorCodes.UserNotFound, await CodeOf(() => Say(open, bo, "hi", NewUser("Nobody"))));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => room.Send(bo, new SendMessageRequest(TestRooms.ClientId(), "hi", null, [""]))));
        var tooMany = Enumerable.Range(0, ChatLimits.MaxMentions + 1).Select(i => $"u{i}@agency.example").ToList();
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => room.Send(bo, new SendMessageRequest(TestRooms.ClientId(), "hi", null, tooMany))));

        Assert.Equal(0, (await room.GetActivity(bo)).LastSeq);
        Assert.Equal(0, (await open.GetActivity(bo)).LastSeq);
    }

    [Fact]
    public async Task Joined_rooms_keep_the_100_most_recent_and_can_be_forgotten()
    {
        var ann = NewUser("Ann");
        var workspace = WorkspaceOf(ann);
        var rooms = new List<string>();
        for (var i = 0; i < WorkspaceLimits.MaxJoinedRooms + 3; i++)
        {
            var room = await TestRooms.CreateAsync(Grains, $"Room {i}");
            rooms.Add(room.GetPrimaryKeyString());
            await workspace.RecordJoin(ann, rooms[^1]);
        }
        // Groups' and meetings' rooms have their own lists.
        await workspace.RecordJoin(ann, "wg-somegroup");

        var listed = (await workspace.Get(ann)).Rooms.Select(r => r.RoomId).ToList();
        Assert.Equal(WorkspaceLimits.MaxJoinedRooms, listed.Count);
        Assert.Equal(rooms[^1], listed[0]);
        Assert.DoesNotContain(rooms[0], listed);

        await workspace.Forget(ann, rooms[^1]);
        Assert.DoesNotContain(rooms[^1], (await workspace.Get(ann)).Rooms.Select(r => r.RoomId));
    }

    [Fact]
    public async Task Only_the_user_uses_their_workspace_and_a_room_they_lost_drops_out()
    {
        var (ann, bo) = (NewUser("Ann"), NewUser("Bo"));
        var room = await RestrictedAsync(ann, bo);
        var key = room.GetPrimaryKeyString();
        await WorkspaceOf(ann).RecordJoin(ann, key);

        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => WorkspaceOf(ann).Get(bo)));
        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => WorkspaceOf(ann).MarkRead(bo, key, 1)));
        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => WorkspaceOf(ann).Get(Caller.System)));

        var other = await RestrictedAsync(bo);
        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => WorkspaceOf(ann).MarkRead(ann, other.GetPrimaryKeyString(), 1)));

        Assert.NotNull(await RoomInWorkspace(ann, key));
        await room.ConfigureAccess(Caller.System, new RoomAccess(Scope, [bo.UserId]));
        Assert.Null(await RoomInWorkspace(ann, key));
    }
}
