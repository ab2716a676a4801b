using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests.Meetings;

/// <summary>Meeting rooms over the hub: live notices reach participants, and nobody uses a room of a meeting they are not in.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class MeetingHubTests(EmbeddedServerFixture fixture)
{
    private HubRealtimeServer Server => fixture.Server;

    private IMeetingGrain Meeting(string id) => Server.Services.GetRequiredService<IGrainFactory>().GetGrain<IMeetingGrain>(id);

    private static Caller Caller(TestUser user) => new(user.Email, user.DisplayName);

    /// <summary>Waits (event-driven, with a timeout per message) until a notice of <paramref name="type"/> arrived in <paramref name="roomId"/>.</summary>
    private static async Task<RoomEvent> NoticeAsync(RecordingClient client, string roomId, string type)
    {
        for (var count = 1; ; count++)
        {
            await client.WaitForAsync(count);
            if (client.Received.FirstOrDefault(m => m.RoomId == roomId && m.Kind == RoomEventKind.Notice && m.NoticeType() == type) is { } notice)
            {
                return notice;
            }
        }
    }

    /// <summary>The typed client turns hub errors into HubRealtimeException with the code.</summary>
    private static async Task<string> HubErrorAsync(Func<Task> call) =>
        (await Assert.ThrowsAsync<HubRealtimeException>(call)).Code;

    [Fact]
    public async Task Participants_follow_a_round_live_and_outsiders_and_other_rooms_stay_closed_to_them()
    {
        var facilitator = await Server.RegisterAsync("hubadmin", "Fay Facilitator", hubAdmin: true);
        var ann = await Server.RegisterAsync("ann", "Ann");
        var bo = await Server.RegisterAsync("bo", "Bo");
        var outsider = await Server.RegisterAsync("otto", "Otto");
        var meetingId = "hb-" + Guid.NewGuid().ToString("N")[..12];
        var meeting = Meeting(meetingId);
        var view = await meeting.Create(Caller(facilitator), new NewMeeting("Live", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), "UTC",
            [new NewSession("s1", "Plenary")], [], [ann.Email, bo.Email], [], []));
        var plenary = view.Sessions[0].PlenaryRoomId;

        await using var annClient = await RecordingClient.ConnectAsync(Server, ann);
        await using var ottoClient = await RecordingClient.ConnectAsync(Server, outsider);
        await annClient.Hub.JoinRoomAsync(plenary);
        Assert.Equal(ErrorCodes.Forbidden, await HubErrorAsync(() => ottoClient.Hub.JoinRoomAsync(plenary)));

        var draft = await meeting.DraftBreakouts(Caller(facilitator), "s1", ["Prevention", "Victims"]);
        var (annRoom, boRoom) = (draft.Rooms[0].RoomId, draft.Rooms[1].RoomId);
        await meeting.AssignBreakouts(Caller(facilitator), "s1", new BreakoutAssignment(AssignmentMode.Manual,
            [new ManualPlacement(ann.Email, annRoom), new ManualPlacement(bo.Email, boRoom)], null, null));
        await meeting.OpenBreakouts(Caller(facilitator), "s1", 30, [5]);

        var opened = await NoticeAsync(annClient, plenary, "breakouts.opened");
        Assert.Contains(annRoom, opened.Text(), StringComparison.Ordinal);
        await annClient.Hub.JoinRoomAsync(annRoom);
        Assert.Equal(ErrorCodes.Forbidden, await HubErrorAsync(() => annClient.Hub.JoinRoomAsync(boRoom)));
        Assert.Equal(ErrorCodes.Forbidden, await HubErrorAsync(() => ottoClient.Hub.JoinRoomAsync(annRoom)));

        await meeting.Broadcast(Caller(facilitator), "s1", "Halfway there");
        Assert.Contains("Halfway there", (await NoticeAsync(annClient, annRoom, "broadcast")).Text(), StringComparison.Ordinal);
        Assert.Contains("Halfway there", (await NoticeAsync(annClient, plenary, "broadcast")).Text(), StringComparison.Ordinal);
        await annClient.Hub.SendMessageAsync(annRoom, "a-1", "Our idea: school outreach");

        await meeting.CloseBreakouts(Caller(facilitator), "s1");
        await NoticeAsync(annClient, annRoom, "breakouts.closing");
        var closed = await NoticeAsync(annClient, plenary, "breakouts.closed");
        Assert.Contains("\"messageCount\":1", closed.Text(), StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.RoomClosed, await HubErrorAsync(() => annClient.Hub.SendMessageAsync(annRoom, "a-2", "one more thing")));
        // Closed rooms are the plenary's record: every member reads every room; outsiders still read none.
        await annClient.Hub.JoinRoomAsync(boRoom);
        Assert.Equal(ErrorCodes.Forbidden, await HubErrorAsync(() => ottoClient.Hub.JoinRoomAsync(annRoom)));
    }

    [Fact]
    public async Task A_facilitator_watches_every_breakout_of_the_round_while_a_participant_may_watch_only_their_own()
    {
        var facilitator = await Server.RegisterAsync("hubadmin", "Fay Facilitator", hubAdmin: true);
        var ann = await Server.RegisterAsync("ann", "Ann");
        var bo = await Server.RegisterAsync("bo", "Bo");
        var meetingId = "hw-" + Guid.NewGuid().ToString("N")[..12];
        var meeting = Meeting(meetingId);
        await meeting.Create(Caller(facilitator), new NewMeeting("Overview", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), "UTC",
            [new NewSession("s1", "Plenary")], [], [ann.Email, bo.Email], [], []));
        var draft = await meeting.DraftBreakouts(Caller(facilitator), "s1", ["Prevention", "Victims"]);
        var (annRoom, boRoom) = (draft.Rooms[0].RoomId, draft.Rooms[1].RoomId);
        await meeting.AssignBreakouts(Caller(facilitator), "s1", new BreakoutAssignment(AssignmentMode.Manual,
            [new ManualPlacement(ann.Email, annRoom), new ManualPlacement(bo.Email, boRoom)], null, null));
        await meeting.OpenBreakouts(Caller(facilitator), "s1", 30, [5]);

        await using var fay = await RecordingClient.ConnectAsync(Server, facilitator);
        await using var annClient = await RecordingClient.ConnectAsync(Server, ann);
        Assert.Equal(0, (await fay.Hub.WatchRoomAsync(annRoom)).MessageCount);
        Assert.Equal(0, (await fay.Hub.WatchRoomAsync(boRoom)).MessageCount);
        await annClient.Hub.JoinRoomAsync(annRoom);
        await annClient.Hub.SendMessageAsync(annRoom, "o-1", "First idea");
        await annClient.Hub.SendMessageAsync(annRoom, "o-2", "Second idea");

        // The overview counts on live from the watch's snapshot; a later watch starts from the room's total.
        for (var n = 1; fay.Received.Count(e => e.RoomId == annRoom && e.Kind == RoomEventKind.Message) < 2; n++)
        {
            await fay.WaitForAsync(n);
        }
        Assert.Equal(["First idea", "Second idea"], fay.Received.Where(e => e.RoomId == annRoom && e.Kind == RoomEventKind.Message).Select(e => e.Text()));
        await using var later = await RecordingClient.ConnectAsync(Server, facilitator);
        Assert.Equal(2, (await later.Hub.WatchRoomAsync(annRoom)).MessageCount);

        // A participant follows only their own room: another breakout is refused, and nothing of it is held.
        Assert.Equal(ErrorCodes.Forbidden, await HubErrorAsync(() => annClient.Hub.WatchRoomAsync(boRoom)));
        Assert.Equal(ErrorCodes.NotInRoom, await HubErrorAsync(() => annClient.Hub.GetPresenceAsync(boRoom)));
    }
}
