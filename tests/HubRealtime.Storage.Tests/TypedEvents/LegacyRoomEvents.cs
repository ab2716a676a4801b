using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Storage.Tests.TypedEvents;

/// <summary>
/// One room's log as the release before typed events stored it (every kind of event), and what each row
/// must read back as, typed. Shared by the SQLite and the Azure migration tests.
/// </summary>
internal static class LegacyRoomEvents
{
    public const string Room = "plenary";
    public static readonly DateTimeOffset At = new(638000000000000000, TimeSpan.Zero);

    public const string OpenedJson = """{"round":1,"rooms":[{"roomId":"m-x-1","name":"Room 1","members":["ann@agency.example"]}],"deadline":"2026-11-25T10:30:00+00:00","warningMinutes":[5,1]}""";

    /// <summary>Asserts that the events read from the old log are the typed events they stood for.</summary>
    public static void AssertTyped(IReadOnlyList<ChatMessage> rows)
    {
        var events = rows.Select(RoomEvents.FromRow).ToList();
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.All(events, e => Assert.Equal(Room, e.RoomId));

        var hello = Assert.IsType<MessagePayload>(events[0].Payload);
        Assert.Equal((RoomEventKind.Message, "ann@agency.example", "Ann"), (events[0].Kind, events[0].Actor.UserId, events[0].Actor.DisplayName));
        Assert.Equal(("c-1", "hello, all", At.AddMinutes(2), false, (long?)null), (hello.ClientMessageId, hello.Text, hello.EditedAt, hello.Deleted, hello.ReplyToSeq));
        Assert.Equal(new ReactionSummary("👍", ["bo@agency.example"]), Assert.Single(hello.Reactions));
        Assert.Equal(At, events[0].Time);

        var reply = Assert.IsType<MessagePayload>(events[1].Payload);
        Assert.Equal(("", true, (long?)1), (reply.Text, reply.Deleted, reply.ReplyToSeq));

        Assert.Equal(new EditPayload(1, "hello, all"), events[2].Payload);
        var reaction = Assert.IsType<ReactionPayload>(events[3].Payload);
        Assert.Equal((1L, "👍", true), (reaction.TargetSeq, reaction.Emoji, reaction.Added));
        Assert.Equal(new DeletePayload(2), events[4].Payload);

        var opened = Assert.IsType<NoticePayload>(events[5].Payload);
        Assert.Equal((RoomEventKind.Notice, RoomNoticeTypes.BreakoutsOpened), (events[5].Kind, opened.NoticeType));
        var body = Assert.IsType<BreakoutsOpenedNotice>(opened.Notice);
        Assert.Equal((1, (DateTimeOffset?)new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero), (int?)null), (body.Round, body.Deadline, body.RoomCount));
        Assert.Equal([5, 1], body.WarningMinutes);
        var room = Assert.Single(body.Rooms);
        // Rows of that release listed members (e-mails); today's notices count them.
        Assert.Equal(("m-x-1", "Room 1", (int?)null, "ann@agency.example"), (room.RoomId, room.Name, room.MemberCount, Assert.Single(room.Members!)));

        Assert.Equal(new ParticipantMutedNotice("bo@agency.example", true), Assert.IsType<NoticePayload>(events[6].Payload).Notice);
        Assert.Equal(("mod@agency.example", "Mod"), (events[6].Actor.UserId, events[6].Actor.DisplayName));
        var other = Assert.IsType<NoticePayload>(events[7].Payload);
        Assert.Equal(("custom.thing", new OtherNotice("""{"a":1}""")), (other.NoticeType, (OtherNotice)other.Notice));
        Assert.Equal(new BreakoutsClosingNotice(), Assert.IsType<NoticePayload>(events[8].Payload).Notice);
        Assert.Equal(("#system", ""), (events[8].Actor.UserId, events[8].Actor.DisplayName));
    }
}
