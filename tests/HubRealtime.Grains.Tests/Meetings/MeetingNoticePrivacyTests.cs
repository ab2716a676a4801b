using HubRealtime.Abstractions.Meetings;

namespace HubRealtime.Grains.Tests.Meetings;

/// <summary>
/// Issue 8 §1.6: participants read the plenary, so no notice there carries another participant's
/// e-mail address (moves name the person by display name; room lists carry counts).
/// </summary>
[Collection(RoomClusterCollection.Name)]
public sealed class MeetingNoticePrivacyTests(RoomClusterFixture fixture)
{
    private readonly MeetingKit _m = new(fixture.Grains);

    [Fact]
    public async Task Plenary_notices_name_people_by_display_name_and_hold_no_participant_email()
    {
        await _m.CreateAsync(perCountry: 1);
        await _m.DraftAndAssignAsync(3, AssignmentMode.Random);
        var open = await _m.Meeting.OpenBreakouts(_m.Facilitator, MeetingKit.SessionId, 15, []);
        var from = open.Rooms.First(r => r.Members.Count > 0);
        var to = open.Rooms.First(r => r.RoomId != from.RoomId);
        var moved = _m.Participants.Single(p => p.UserId == from.Members[0]);

        await _m.Meeting.MoveParticipant(_m.Facilitator, MeetingKit.SessionId, moved.UserId, to.RoomId);
        await _m.Meeting.RemovePerson(_m.Facilitator, _m.Participants.First(p => p.UserId != moved.UserId).UserId);
        await _m.Meeting.CloseBreakouts(_m.Facilitator, MeetingKit.SessionId);

        var notice = Assert.Single(await _m.NoticesAsync(_m.Plenary, "breakouts.moved"));
        Assert.Contains($"\"displayName\":\"{moved.DisplayName}\"", notice.Text(), StringComparison.Ordinal);
        var plenary = (await _m.EventsAsync(_m.Plenary)).Where(e => e.Kind == Abstractions.Rooms.RoomEventKind.Notice).ToList();
        Assert.Contains(plenary, e => e.NoticeType() == "breakouts.opened" && e.Text().Contains("\"memberCount\":", StringComparison.Ordinal));
        Assert.Contains(plenary, e => e.NoticeType() == "breakouts.closed");
        Assert.Contains(plenary, e => e.NoticeType() == "meeting.roster");
        foreach (var e in plenary)
        {
            Assert.All(_m.Participants, p => Assert.DoesNotContain(p.UserId, e.Text(), StringComparison.OrdinalIgnoreCase));
        }
    }
}
