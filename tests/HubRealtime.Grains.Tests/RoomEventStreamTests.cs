using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Tests;

/// <summary>Edits, deletes, replies, reactions, notices, closing and muting: all events of one dense sequence.</summary>
[Collection(RoomClusterCollection.Name)]
public sealed class RoomEventStreamTests(RoomClusterFixture fixture)
{
    private static readonly Caller Mod = new("mod@agency.example", "Mod");

    private IGrainFactory Grains => fixture.Grains;

    private static async Task<string> CodeOf(Func<Task> call) => (await Assert.ThrowsAsync<HubRealtimeException>(call)).Code;

    private async Task<IRoomGrain> ModeratedAsync()
    {
        var room = Grains.GetGrain<IRoomGrain>(TestRooms.NewId());
        await room.CreateRestricted(Caller.System, "Breakout", new RoomAccess("meeting:test", [TestRooms.Ann.UserId, TestRooms.Bo.UserId], [Mod.UserId]));
        return room;
    }

    private static Task<SendAck> SayAsync(IRoomGrain room, Caller who, string text, long? replyTo = null) =>
        room.Send(who, new SendMessageRequest(TestRooms.ClientId(), text, replyTo));

    [Fact]
    public async Task Notices_are_system_only_stored_in_sequence_and_validated()
    {
        var room = await TestRooms.CreateAsync(Grains);
        await SayAsync(room, TestRooms.Ann, "hello");

        var seq = await room.PostNotice(Caller.System, new RoomNotice("breakouts.opened", """{"round":1}""", "fac@agency.example", "Fac"));
        var system = await room.PostNotice(Caller.System, new RoomNotice("broadcast", """{"text":"hi"}""", null, null));

        Assert.Equal((2L, 3L), (seq, system));
        var page = await room.GetHistoryAfter(TestRooms.Ann, 1, 10);
        Assert.Collection(page.Events,
            m => Assert.Equal((RoomEventKind.Notice, "breakouts.opened", """{"round":1}""", "fac@agency.example", ""), (m.Kind, m.NoticeType(), m.Text(), m.Actor.UserId, m.ClientMessageId())),
            m => Assert.Equal((RoomEventKind.Notice, "#system"), (m.Kind, m.Actor.UserId)));
        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => room.PostNotice(TestRooms.Ann, new RoomNotice("x", "{}", null, null))));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => room.PostNotice(Caller.System, new RoomNotice("Bad Type", "{}", null, null))));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => room.PostNotice(Caller.System, new RoomNotice("x", "{not json", null, null))));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => room.PostNotice(Caller.System, new RoomNotice("x", new string('1', RoomNotice.MaxPayloadLength + 1), null, null))));
        Assert.Equal(3, (await room.Join(TestRooms.Bo)).LastSeq);
    }

    [Fact]
    public async Task A_closed_room_is_read_only_but_readable_and_takes_notices()
    {
        var room = await TestRooms.CreateAsync(Grains);
        var first = await SayAsync(room, TestRooms.Ann, "before");

        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => room.SetClosed(TestRooms.Ann, true)));
        await room.SetClosed(Caller.System, true);

        Assert.True((await room.GetInfo(TestRooms.Bo)).Closed);
        Assert.Equal(ErrorCodes.RoomClosed, await CodeOf(() => SayAsync(room, TestRooms.Ann, "after")));
        Assert.Equal(ErrorCodes.RoomClosed, await CodeOf(() => room.Edit(TestRooms.Ann, first.Seq, "changed")));
        Assert.Equal(ErrorCodes.RoomClosed, await CodeOf(() => room.Delete(TestRooms.Ann, first.Seq)));
        Assert.Equal(ErrorCodes.RoomClosed, await CodeOf(() => room.React(TestRooms.Ann, first.Seq, "👍", true)));
        Assert.Equal("before", Assert.Single((await room.GetHistoryBefore(TestRooms.Bo, 0, 10)).Events).Text());
        Assert.Equal(2, await room.PostNotice(Caller.System, new RoomNotice("breakouts.closed", "{}", null, null)));

        await room.SetClosed(Caller.System, false);
        Assert.Equal(3, (await SayAsync(room, TestRooms.Ann, "reopened")).Seq);
    }

    [Fact]
    public async Task Edit_changes_the_row_appends_an_event_and_only_the_sender_may_edit()
    {
        var room = await TestRooms.CreateAsync(Grains);
        var sent = await SayAsync(room, TestRooms.Ann, "draft");

        var ack = await room.Edit(TestRooms.Ann, sent.Seq, "  final  ");

        Assert.Equal(2, ack.Seq);
        Assert.Equal(("final", RoomClusterFixture.Clock.GetUtcNow()), (ack.Target.Text(), ack.Target.EditedAt()));
        var events = (await room.GetHistoryAfter(TestRooms.Bo, 0, 10)).Events;
        Assert.Equal(("final", RoomEventKind.Message), (events[0].Text(), events[0].Kind));
        Assert.Equal((RoomEventKind.Edit, 1L, "final", ""), (events[1].Kind, events[1].TargetSeq(), events[1].Text(), events[1].ClientMessageId()));
        Assert.Equal(0, (await room.Edit(TestRooms.Ann, sent.Seq, "final")).Seq); // same text: nothing appended
        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => room.Edit(TestRooms.Bo, sent.Seq, "hijack")));
        Assert.Equal(ErrorCodes.MessageNotFound, await CodeOf(() => room.Edit(TestRooms.Ann, 99, "nope")));
        Assert.Equal(ErrorCodes.MessageNotFound, await CodeOf(() => room.Edit(TestRooms.Ann, 2, "an edit is no message")));
        Assert.Equal(ErrorCodes.MessageEmpty, await CodeOf(() => room.Edit(TestRooms.Ann, sent.Seq, "   ")));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => room.Edit(TestRooms.Ann, 0, "x")));
        Assert.Equal(2, (await room.Join(TestRooms.Ann)).LastSeq);
    }

    [Fact]
    public async Task Delete_erases_the_text_of_the_message_and_its_edits_and_repeats_are_no_ops()
    {
        var room = await TestRooms.CreateAsync(Grains);
        var sent = await SayAsync(room, TestRooms.Ann, "secret v1");
        await room.Edit(TestRooms.Ann, sent.Seq, "secret v2");
        await room.React(TestRooms.Bo, sent.Seq, "👍", true);

        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => room.Delete(TestRooms.Bo, sent.Seq)));
        var deleted = await room.Delete(TestRooms.Ann, sent.Seq);
        var again = await room.Delete(TestRooms.Ann, sent.Seq);

        Assert.Equal((4L, 0L), (deleted.Seq, again.Seq));
        Assert.True(deleted.Target.Deleted());
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero); // read storage, not memory
        var events = (await room.GetHistoryAfter(TestRooms.Bo, 0, 10)).Events;
        Assert.Equal(4, events.Count);
        Assert.All(events, e => Assert.DoesNotContain("secret", e.Text()));
        Assert.Equal((true, "", 0), (events[0].Deleted(), events[0].Text(), events[0].Reactions().Count));
        Assert.Equal((RoomEventKind.Delete, 1L), (events[3].Kind, events[3].TargetSeq()));
        Assert.Equal(ErrorCodes.MessageNotFound, await CodeOf(() => room.Edit(TestRooms.Ann, sent.Seq, "back")));
        Assert.Equal(ErrorCodes.MessageNotFound, await CodeOf(() => room.React(TestRooms.Bo, sent.Seq, "👍", true)));
    }

    [Fact]
    public async Task Reactions_add_and_remove_per_user_and_are_bounded()
    {
        var room = await TestRooms.CreateAsync(Grains);
        var sent = await SayAsync(room, TestRooms.Ann, "vote");

        await room.React(TestRooms.Ann, sent.Seq, "👍", true);
        var bo = await room.React(TestRooms.Bo, sent.Seq, "👍", true);
        Assert.Equal(0, (await room.React(TestRooms.Bo, sent.Seq, "👍", true)).Seq);
        await room.React(TestRooms.Bo, sent.Seq, "🎉", true);
        var removed = await room.React(TestRooms.Ann, sent.Seq, "👍", false);
        Assert.Equal(0, (await room.React(TestRooms.Ann, sent.Seq, "👍", false)).Seq);

        Assert.Equal([TestRooms.Ann.UserId, TestRooms.Bo.UserId], Assert.Single(bo.Target.Reactions()).UserIds);
        Assert.Equal(
            [new ReactionSummary("👍", [TestRooms.Bo.UserId]), new ReactionSummary("🎉", [TestRooms.Bo.UserId])],
            removed.Target.Reactions());
        var events = (await room.GetHistoryAfter(TestRooms.Ann, 0, 10)).Events;
        Assert.Equal(removed.Target, events[0]);
        Assert.Equal((RoomEventKind.Reaction, "👍"), (events[^1].Kind, events[^1].Text()));
        Assert.Equal(removed.Target.Reactions(), events[^1].Reactions());

        for (var i = 0; i < ChatLimits.MaxReactionsPerMessage - 2; i++)
        {
            await room.React(TestRooms.Ann, sent.Seq, $"e{i}", true);
        }
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => room.React(TestRooms.Ann, sent.Seq, "one-too-many", true)));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => room.React(TestRooms.Ann, sent.Seq, "has space", true)));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => room.React(TestRooms.Ann, sent.Seq, new string('x', 17), true)));
    }

    [Fact]
    public async Task Replies_name_an_existing_message()
    {
        var room = await TestRooms.CreateAsync(Grains);
        var question = await SayAsync(room, TestRooms.Ann, "question?");
        await room.PostNotice(Caller.System, new RoomNotice("broadcast", "{}", null, null));

        var answer = await SayAsync(room, TestRooms.Bo, "answer", question.Seq);

        Assert.Equal(question.Seq, (await room.GetHistoryAfter(TestRooms.Ann, 2, 10)).Events[0].ReplyToSeq());
        Assert.Equal(3, answer.Seq);
        Assert.Equal(ErrorCodes.MessageNotFound, await CodeOf(() => SayAsync(room, TestRooms.Bo, "to nothing", 42)));
        Assert.Equal(ErrorCodes.MessageNotFound, await CodeOf(() => SayAsync(room, TestRooms.Bo, "to a notice", 2)));
    }

    [Fact]
    public async Task Moderators_join_delete_any_message_and_mute()
    {
        var room = await ModeratedAsync();
        var sent = await SayAsync(room, TestRooms.Ann, "off topic");

        await room.Join(Mod);
        Assert.True((await room.Delete(Mod, sent.Seq)).Target.Deleted());
        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => room.Mute(TestRooms.Bo, TestRooms.Ann.UserId, true)));

        await room.Mute(Mod, "ANN@agency.example", true);

        Assert.Equal(ErrorCodes.Muted, await CodeOf(() => SayAsync(room, TestRooms.Ann, "let me speak")));
        var mine = await SayAsync(room, TestRooms.Bo, "fine");
        Assert.Equal(ErrorCodes.Muted, await CodeOf(() => room.React(TestRooms.Ann, mine.Seq, "👍", true)));
        var notice = (await room.GetHistoryAfter(Mod, sent.Seq + 1, 10)).Events[0];
        Assert.Equal((RoomEventKind.Notice, "participant.muted"), (notice.Kind, notice.NoticeType()));
        Assert.Contains(TestRooms.Ann.UserId, notice.Text());

        await room.Mute(Mod, TestRooms.Ann.UserId, false);
        await SayAsync(room, TestRooms.Ann, "thanks");
    }

    [Fact]
    public async Task Changes_interleaved_with_sends_keep_one_dense_sequence()
    {
        var room = await TestRooms.CreateAsync(Grains);
        var target = await SayAsync(room, TestRooms.Ann, "target");

        var calls = new List<Task>();
        for (var i = 0; i < 20; i++)
        {
            calls.Add(SayAsync(room, TestRooms.Bo, $"m{i}"));
            calls.Add(room.React(i % 2 == 0 ? TestRooms.Ann : TestRooms.Bo, target.Seq, $"r{i % 5}", true));
        }
        await Task.WhenAll(calls);

        var events = (await room.GetHistoryAfter(TestRooms.Ann, 0, 100)).Events;
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.Equal(20, events.Count(e => e.Kind == RoomEventKind.Message && e.Seq > 1));
        // The last reaction event carries the same list the row holds.
        Assert.Equal(events[0].Reactions(), events.Last(e => e.Kind == RoomEventKind.Reaction).Reactions());
        Assert.Equal(10, events[0].Reactions().Sum(r => r.UserIds.Count));
    }
}
