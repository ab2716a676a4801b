using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Tests.Meetings;

/// <summary>Every notice the meeting and the room post is stored so that it reads back as its typed notice.</summary>
[Collection(RoomClusterCollection.Name)]
public sealed class MeetingNoticeTypeTests(RoomClusterFixture fixture)
{
    private readonly MeetingKit _m = new(fixture.Grains);

    [Fact]
    public async Task A_whole_round_posts_only_notices_that_read_as_their_typed_bodies()
    {
        await _m.CreateAsync(perCountry: 1);
        await _m.DraftAndAssignAsync(2, AssignmentMode.Random);
        var open = await _m.Meeting.OpenBreakouts(_m.Facilitator, "s1", 15, [5]);
        await _m.Meeting.ExtendBreakouts(_m.Facilitator, "s1", 5);
        var from = open.Rooms.First(r => r.Members.Count > 0);
        var to = open.Rooms.First(r => r.RoomId != from.RoomId);
        await _m.Meeting.MoveParticipant(_m.Facilitator, "s1", from.Members[0], to.RoomId);
        await _m.Meeting.Broadcast(_m.Facilitator, "s1", "wrap up");
        await _m.Meeting.RequestHelp(new Caller(from.Members[0], "x"), "s1", "stuck");
        var help = (await _m.Meeting.Get(_m.Facilitator)).Sessions[0].HelpRequests!.Single();
        await _m.Meeting.ResolveHelp(_m.Facilitator, "s1", help.RequestId);
        await _m.Room(to.RoomId).Mute(_m.Facilitator, from.Members[0], true);
        await _m.Room(to.RoomId).Mute(_m.Facilitator, from.Members[0], false);
        await _m.Meeting.CloseBreakouts(_m.Facilitator, "s1");

        var rooms = open.Rooms.Select(r => r.RoomId).Append(_m.Plenary).Append(MeetingIds.Facilitators(_m.MeetingId, "s1"));
        var notices = new List<(string Type, RoomNoticeBody Body)>();
        foreach (var roomId in rooms)
        {
            foreach (var e in (await _m.EventsAsync(roomId)).Where(e => e.Kind == RoomEventKind.Notice))
            {
                var payload = Assert.IsType<NoticePayload>(e.Payload);
                Assert.IsNotType<OtherNotice>(payload.Notice);
                Assert.Equal(payload.NoticeType, RoomEvents.NoticeTypeOf(payload.Notice));
                notices.Add((payload.NoticeType, payload.Notice));
            }
        }

        Assert.Equal(
            new[]
            {
                RoomNoticeTypes.BreakoutsDraft, RoomNoticeTypes.BreakoutsAssigned, RoomNoticeTypes.BreakoutsOpened,
                RoomNoticeTypes.BreakoutsExtended, RoomNoticeTypes.BreakoutsMoved, RoomNoticeTypes.Broadcast,
                RoomNoticeTypes.HelpRequested, RoomNoticeTypes.HelpResolved, RoomNoticeTypes.ParticipantMuted, RoomNoticeTypes.ParticipantUnmuted,
                RoomNoticeTypes.BreakoutsClosing, RoomNoticeTypes.BreakoutsClosed,
            }.Order(),
            notices.Select(n => n.Type).Distinct().Order());
        var moved = notices.Select(n => n.Body).OfType<BreakoutsMovedNotice>().Single();
        Assert.Equal((null, from.RoomId, to.RoomId), (moved.Email, moved.FromRoomId, moved.ToRoomId));
        Assert.False(string.IsNullOrEmpty(moved.DisplayName));
        var opened = notices.Select(n => n.Body).OfType<BreakoutsOpenedNotice>().Single();
        Assert.Equal((1, 2), (opened.Round, opened.Rooms.Count));
        Assert.Equal([5], opened.WarningMinutes);
        Assert.Equal(2, notices.Select(n => n.Body).OfType<BreakoutsClosedNotice>().Single().Outcomes.Count);
        Assert.Equal(new ParticipantMutedNotice(from.Members[0]), notices.Select(n => n.Body).OfType<ParticipantMutedNotice>().Single());
        var resolved = notices.Select(n => n.Body).OfType<HelpResolvedNotice>().Single();
        Assert.Equal((help.RequestId, from.Members[0], _m.Facilitator.UserId), (resolved.RequestId, resolved.Email, resolved.ResolvedBy));
        Assert.Equal(help.RequestId, notices.Select(n => n.Body).OfType<HelpRequestedNotice>().Single().RequestId);
    }
}
