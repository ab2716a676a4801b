using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Client;
using HubRealtime.Server.Tests.Api;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests.Meetings;

/// <summary>Roster changes over HTTP through the typed client: add, remove, and the typed refusals.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class MeetingPeopleClientTests(EmbeddedServerFixture fixture)
{
    [Fact]
    public async Task A_facilitator_adds_and_removes_people_and_refusals_arrive_typed()
    {
        var server = fixture.Server;
        var admin = await server.RegisterAsync("hubadmin", "Hub Admin", hubAdmin: true);
        var first = await server.RegisterAsync("p0", "Participant Zero");
        var late = await server.RegisterAsync("late", "Late Comer");
        var facilitator = MeetingsClient.WithToken(server.BaseAddress, await server.TokenAsync(admin));
        var participant = MeetingsClient.WithToken(server.BaseAddress, await server.TokenAsync(first));
        var latecomer = MeetingsClient.WithToken(server.BaseAddress, await server.TokenAsync(late));
        var meetingId = ApiKit.NewId("mt");
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(4));
        await facilitator.CreateAsync(meetingId, new NewMeeting("Roster", start, start.AddHours(8), "Asia/Dubai",
            [new NewSession("s1", "Prevention")], [], [first.Email], [], []));

        var before = await Assert.ThrowsAsync<HubRealtimeException>(() => latecomer.GetAsync(meetingId));
        var added = await facilitator.AddPeopleAsync(meetingId, new MeetingPeopleChange([late.Email.ToUpperInvariant()], null, null, null));
        var seen = await latecomer.GetAsync(meetingId);
        var refused = await Assert.ThrowsAsync<HubRealtimeException>(() => participant.RemovePersonAsync(meetingId, late.Email));
        await facilitator.RemovePersonAsync(meetingId, late.Email);
        var after = await Assert.ThrowsAsync<HubRealtimeException>(() => latecomer.GetAsync(meetingId));
        var again = await Assert.ThrowsAsync<HubRealtimeException>(() => facilitator.RemovePersonAsync(meetingId, late.Email));
        var last = await Assert.ThrowsAsync<HubRealtimeException>(() => facilitator.RemovePersonAsync(meetingId, admin.Email));
        var ghost = await Assert.ThrowsAsync<HubRealtimeException>(() => facilitator.AddPeopleAsync(meetingId, new MeetingPeopleChange(["ghost@nowhere.example"], null, null, null)));

        Assert.Equal(ErrorCodes.Forbidden, before.Code);
        Assert.Equal(new[] { first.Email, late.Email }.Order(StringComparer.Ordinal), added.Participants.Select(p => p.Email).Order(StringComparer.Ordinal));
        Assert.Equal(MeetingRole.Participant, seen.Role);
        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        Assert.Equal(ErrorCodes.Forbidden, after.Code);
        Assert.Equal(ErrorCodes.NotAMember, again.Code);
        Assert.Equal(ErrorCodes.LastOwner, last.Code);
        Assert.Equal(ErrorCodes.UserNotFound, ghost.Code);
        Assert.Equal([first.Email], (await facilitator.GetAsync(meetingId)).Participants.Select(p => p.Email));
    }
}
