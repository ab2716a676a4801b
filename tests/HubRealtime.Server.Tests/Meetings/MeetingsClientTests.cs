using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Client;
using HubRealtime.Server.Tests.Api;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests.Meetings;

/// <summary>The typed .NET client of the meetings API against the real server: shapes round-trip, refusals arrive typed.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class MeetingsClientTests(EmbeddedServerFixture fixture)
{
    [Fact]
    public async Task A_facilitator_runs_a_round_through_the_typed_client_and_a_participant_is_refused_typed()
    {
        var server = fixture.Server;
        var admin = await server.RegisterAsync("hubadmin", "Hub Admin", hubAdmin: true);
        var people = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            people.Add(await server.RegisterAsync($"p{i}", $"Participant {i}"));
        }
        var facilitator = MeetingsClient.WithToken(server.BaseAddress, await server.TokenAsync(admin));
        var participant = MeetingsClient.WithToken(server.BaseAddress, await server.TokenAsync(people[0]));
        var meetingId = ApiKit.NewId("mt");
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(4));

        var created = await facilitator.CreateAsync(meetingId, new NewMeeting("Typed", start, start.AddHours(8), "Asia/Dubai",
            [new NewSession("s1", "Prevention")], [], [.. people.Select(p => p.Email)], [], [], RetentionDays: 90));
        var mine = await participant.MineAsync();
        var drafted = await facilitator.DraftAsync(meetingId, "s1", ["North", "South"]);
        var roomIds = drafted.Rooms.Select(r => r.RoomId).ToList();
        var assigned = await facilitator.AssignAsync(meetingId, "s1", AssignmentMode.Manual,
            [.. people.Select((p, i) => new ManualPlacement(p.Email, roomIds[i % 2]))]);
        var refused = await Assert.ThrowsAsync<HubRealtimeException>(() => participant.OpenAsync(meetingId, "s1", 10));
        var opened = await facilitator.OpenAsync(meetingId, "s1", 10, [2]);
        var extended = await facilitator.ExtendAsync(meetingId, "s1", 5);
        var moved = await facilitator.MoveAsync(meetingId, "s1", people[0].Email, roomIds[1]);
        await facilitator.BroadcastAsync(meetingId, "s1", "Five minutes left");
        await participant.RequestHelpAsync(meetingId, "s1", "Our room needs a facilitator");
        var help = (await facilitator.GetAsync(meetingId)).Sessions[0].HelpRequests!;
        var notHers = await Assert.ThrowsAsync<HubRealtimeException>(() => participant.ResolveHelpAsync(meetingId, "s1", help[0].RequestId));
        await facilitator.ResolveHelpAsync(meetingId, "s1", help[0].RequestId);
        var noSuchHelp = await Assert.ThrowsAsync<HubRealtimeException>(() => facilitator.ResolveHelpAsync(meetingId, "s1", 42));
        var asParticipant = await participant.GetAsync(meetingId);
        var closed = await facilitator.CloseAsync(meetingId, "s1");
        var unknown = await Assert.ThrowsAsync<HubRealtimeException>(() => participant.GetAsync(ApiKit.NewId("none")));

        Assert.Equal((MeetingRole.Facilitator, 90, 4), (created.Role, created.RetentionDays, created.Participants.Count));
        Assert.Contains(mine, m => m.MeetingId == meetingId && m.Role == MeetingRole.Participant);
        Assert.Equal((BreakoutPhase.Draft, AssignmentMode.Manual), (assigned.Phase, assigned.Mode));
        Assert.Equal([2, 2], assigned.Rooms.Select(r => r.Members.Count));
        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        Assert.Equal(BreakoutPhase.Open, opened.Phase);
        Assert.Equal([2], opened.WarningMinutes);
        Assert.Equal(opened.Deadline!.Value.AddMinutes(5), extended.Deadline);
        Assert.Equal([1, 3], moved.Rooms.Select(r => r.Members.Count));
        Assert.Equal(roomIds[1], asParticipant.Sessions[0].Breakouts.MyRoomId);
        Assert.Equal(BreakoutPhase.Closed, closed.Phase);
        Assert.Equal(roomIds, closed.Outcomes.Select(o => o.RoomId));
        Assert.Equal(ErrorCodes.MeetingNotFound, unknown.Code);
        Assert.Equal(("Our room needs a facilitator", roomIds[1]), (Assert.Single(help).Text, help[0].RoomId));
        Assert.Equal(ErrorCodes.Forbidden, notHers.Code);
        Assert.Equal(ErrorCodes.NotFound, noSuchHelp.Code);
        Assert.Empty((await facilitator.GetAsync(meetingId)).Sessions[0].HelpRequests!);
    }
}
