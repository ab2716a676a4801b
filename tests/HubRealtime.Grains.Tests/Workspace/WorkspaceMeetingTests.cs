using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Workspace;
using HubRealtime.Grains.Tests.Meetings;

namespace HubRealtime.Grains.Tests.Workspace;

[Collection(RoomClusterCollection.Name)]
public sealed class WorkspaceMeetingTests(RoomClusterFixture fixture)
{
    private readonly MeetingKit _m = new(fixture.Grains);

    [Fact]
    public async Task A_participants_workspace_lists_the_meeting_with_its_state_plenaries_and_their_open_round_room()
    {
        var created = await _m.CreateAsync(perCountry: 1);
        var participant = _m.Participants[0];
        var workspace = fixture.Grains.GetGrain<IWorkspaceGrain>(participant.UserId);

        var before = Assert.Single((await workspace.Get(participant)).Meetings, m => m.MeetingId == _m.MeetingId);
        var now = RoomClusterFixture.Clock.GetUtcNow();
        var expected = now < created.StartsAt ? MeetingTimeState.Upcoming : now < created.EndsAt ? MeetingTimeState.Live : MeetingTimeState.Ended;
        Assert.Equal(expected, before.State);
        Assert.Equal(MeetingRole.Participant, before.Role);
        Assert.Equal([_m.Plenary, MeetingIds.Plenary(_m.MeetingId, "s2")], before.Sessions.Select(s => s.Plenary.RoomId));
        Assert.All(before.Sessions, s => Assert.Null(s.Round));

        await _m.DraftAndAssignAsync(2);
        var open = await _m.Meeting.OpenBreakouts(_m.Facilitator, MeetingKit.SessionId, 30, []);
        var mine = open.Rooms.Single(r => r.Members.Contains(participant.UserId));

        var during = Assert.Single((await workspace.Get(participant)).Meetings, m => m.MeetingId == _m.MeetingId);
        var round = during.Sessions.Single(s => s.SessionId == MeetingKit.SessionId).Round;
        Assert.NotNull(round);
        Assert.Equal((open.Round, mine.RoomId, mine.Name), (round.Round, round.MyRoomId, round.MyRoomName));
        Assert.Equal(open.Deadline, round.Deadline);

        // Someone outside the meeting does not see it.
        var outsider = fixture.Grains.GetGrain<IWorkspaceGrain>(_m.Outsider.UserId);
        Assert.DoesNotContain((await outsider.Get(_m.Outsider)).Meetings, m => m.MeetingId == _m.MeetingId);
    }
}
