using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Tests.Agencies;

namespace HubRealtime.Grains.Tests.Meetings;

[Collection(RoomClusterCollection.Name)]
public sealed class MeetingGrainTests(RoomClusterFixture fixture)
{
    private readonly MeetingKit _m = new(fixture.Grains);

    [Fact]
    public async Task Creating_a_meeting_makes_its_rooms_and_shows_each_role_what_it_may_see()
    {
        var view = await _m.CreateAsync();
        var participant = _m.Participants[0];

        // The creator (here a hub admin) facilitates, with the listed facilitator.
        Assert.Equal(MeetingRole.Facilitator, view.Role);
        Assert.Equal(new[] { _m.Facilitator.UserId, _m.HubAdmin.UserId }.Order(StringComparer.Ordinal), view.Facilitators.Select(f => f.Email).Order(StringComparer.Ordinal));
        var facilitatorView = await _m.Meeting.Get(_m.Facilitator);
        Assert.Equal(MeetingRole.Facilitator, facilitatorView.Role);
        Assert.Equal(6, facilitatorView.Participants.Count);
        Assert.Contains(facilitatorView.Participants, p => p.Country == "KE");
        Assert.Equal(2, facilitatorView.Sessions.Count);
        Assert.Equal(_m.Plenary, facilitatorView.Sessions[0].PlenaryRoomId);
        Assert.Equal(MeetingIds.Facilitators(_m.MeetingId, "s1"), facilitatorView.Sessions[0].FacilitatorRoomId);
        Assert.Equal(BreakoutPhase.None, facilitatorView.Sessions[0].Breakouts.Phase);

        var participantView = await _m.Meeting.Get(participant);
        Assert.Equal(MeetingRole.Participant, participantView.Role);
        Assert.Empty(participantView.Participants);
        Assert.Null(participantView.Sessions[0].FacilitatorRoomId);

        Assert.Equal(MeetingRole.Facilitator, (await _m.Meeting.GetSummary(_m.Facilitator)).Role);
        Assert.Contains(_m.MeetingId, await fixture.Grains.GetGrain<IMeetingMembershipGrain>(participant.UserId).List(participant));
        Assert.DoesNotContain(_m.MeetingId, await fixture.Grains.GetGrain<IMeetingMembershipGrain>(_m.Outsider.UserId).List(_m.Outsider));
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => fixture.Grains.GetGrain<IMeetingMembershipGrain>(participant.UserId).List(_m.Outsider)));

        // Another hub admin reads as an observer: no roster, no facilitators' room, no facilitator action.
        var observer = await _m.Accounts.HubAdminAsync();
        var observerView = await _m.Meeting.Get(observer);
        Assert.Equal(MeetingRole.Observer, observerView.Role);
        Assert.Empty(observerView.Participants);
        Assert.Null(observerView.Sessions[0].FacilitatorRoomId);
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Meeting.DraftBreakouts(observer, "s1", ["A", "B"])));
        // The decision (docs/protocol.md, Roles): an observer oversees the record, and the rooms stay the listed people's.
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Room(_m.Plenary).Join(observer)));
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Room(_m.Plenary).GetHistoryAfter(observer, 0, 10)));

        // Nobody outside the meeting reads it or its rooms.
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Meeting.Get(_m.Outsider)));
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Room(_m.Plenary).Join(_m.Outsider)));
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Room(MeetingIds.Facilitators(_m.MeetingId, "s1")).Join(participant)));
        await _m.Room(_m.Plenary).Join(participant);
        await _m.Room(MeetingIds.Facilitators(_m.MeetingId, "s1")).Join(_m.Facilitator);

        var audit = await _m.Accounts.AuditAsync(MeetingIds.AuditScope(_m.MeetingId), _m.HubAdmin);
        Assert.Equal("meeting-created", Assert.Single(audit).Action);
        Assert.Equal(ErrorCodes.MeetingExists, await MeetingKit.CodeOf(() => _m.Meeting.Create(_m.HubAdmin, MeetingKit.NewMeeting([], []))));
    }

    [Fact]
    public async Task Only_admins_and_group_leads_create_meetings_and_agency_admins_list_only_their_agency()
    {
        var kit = new AgencyKit(fixture.Grains);
        var hubAdmin = await kit.HubAdminAsync();
        var mine = await kit.AgencyAsync(hubAdmin, "Mine", "AE");
        var other = await kit.AgencyAsync(hubAdmin, "Other", "BR");
        var admin = await kit.UserAsync("Ada Admin", mine, AgencyRole.Admin);
        // Agency members as the product makes them: invited, so the agency lists them.
        var member = await kit.InvitedMemberAsync(admin, mine, "Max Member");
        var colleague = await kit.InvitedMemberAsync(admin, mine, "Col League");
        var meeting = fixture.Grains.GetGrain<IMeetingGrain>(AgencyKit.NewId("mt"));

        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => meeting.Create(member, MeetingKit.NewMeeting([], [colleague.UserId]))));
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => meeting.Create(admin, MeetingKit.NewMeeting([], [], agencies: [other]))));
        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => meeting.Create(admin, MeetingKit.NewMeeting([], []) with { TimeZone = "Mars/Olympus" })));
        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => meeting.Create(admin, MeetingKit.NewMeeting([], []) with { Sessions = [] })));
        Assert.Equal(ErrorCodes.UserNotFound, await MeetingKit.CodeOf(() => meeting.Create(admin, MeetingKit.NewMeeting([], ["ghost@nowhere.example"]))));

        var view = await meeting.Create(admin, MeetingKit.NewMeeting([], [], agencies: [mine]));
        Assert.Equal(MeetingRole.Facilitator, view.Role);
        Assert.Equal([colleague.UserId, member.UserId], view.Participants.Select(p => p.Email).Order(StringComparer.Ordinal));
        Assert.True((await kit.User(admin).GetProfile(admin)).MfaRequired);
    }

    [Fact]
    public async Task A_participant_cannot_act_as_facilitator()
    {
        await _m.CreateAsync();
        var p = _m.Participants[0];
        var meeting = _m.Meeting;
        foreach (var call in new Func<Task>[]
        {
            () => meeting.DraftBreakouts(p, "s1", ["A", "B"]),
            () => meeting.AssignBreakouts(p, "s1", new BreakoutAssignment(AssignmentMode.Random, null, null, null)),
            () => meeting.OpenBreakouts(p, "s1", 10, []),
            () => meeting.ExtendBreakouts(p, "s1", 5),
            () => meeting.MoveParticipant(p, "s1", _m.Participants[1].UserId, "x"),
            () => meeting.CloseBreakouts(p, "s1"),
            () => meeting.Broadcast(p, "s1", "hello"),
            () => meeting.DraftBreakouts(_m.Outsider, "s1", ["A", "B"]),
            () => meeting.RequestHelp(_m.Outsider, "s1", "let me in"),
        })
        {
            Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(call));
        }
    }

    [Fact]
    public async Task Balanced_preview_spreads_countries_and_agencies_and_open_restricts_each_room()
    {
        await _m.CreateAsync(perCountry: 2);
        var preview = await _m.DraftAndAssignAsync(2);
        Assert.Equal(BreakoutPhase.Draft, preview.Phase);
        Assert.Equal(AssignmentMode.Balanced, preview.Mode);
        var facilitatorView = await _m.Meeting.Get(_m.Facilitator);
        var countryOf = facilitatorView.Participants.ToDictionary(p => p.Email, p => p.Country);
        Assert.All(preview.Rooms, room =>
        {
            Assert.Equal(3, room.Members.Count);
            Assert.Equal(["FR", "KE", "PH"], room.Members.Select(e => countryOf[e]).Order());
        });
        // Rooms don't exist before opening.
        Assert.Equal(ErrorCodes.RoomNotFound, await MeetingKit.CodeOf(() => _m.Room(preview.Rooms[0].RoomId).GetInfo(Caller.System)));

        var open = await _m.Meeting.OpenBreakouts(_m.Facilitator, "s1", 30, [5]);
        Assert.Equal(BreakoutPhase.Open, open.Phase);
        Assert.Equal(RoomClusterFixture.Clock.GetUtcNow().AddMinutes(30), open.Deadline);
        var inRoom1 = open.Rooms[0].Members[0];
        var inRoom2 = open.Rooms[1].Members[0];
        await _m.Room(open.Rooms[0].RoomId).Join(new Caller(inRoom1, "x"));
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Room(open.Rooms[0].RoomId).Join(new Caller(inRoom2, "x"))));
        // Facilitators moderate every room, so they may join any.
        await _m.Room(open.Rooms[1].RoomId).Join(_m.Facilitator);

        // A participant sees every room's name but only their own room's members.
        var mine = await _m.BreakoutsAsync(new Caller(inRoom1, "x"));
        Assert.Equal(open.Rooms[0].RoomId, mine.MyRoomId);
        Assert.Equal(3, mine.Rooms[0].Members.Count);
        Assert.Empty(mine.Rooms[1].Members);

        var opened = Assert.Single(await _m.NoticesAsync(_m.Plenary, "breakouts.opened"));
        Assert.Contains(open.Rooms[0].RoomId, opened.Text());
        Assert.Contains("\"warningMinutes\":[5]", opened.Text());
        Assert.Equal(ErrorCodes.WrongPhase, await MeetingKit.CodeOf(() => _m.Meeting.DraftBreakouts(_m.Facilitator, "s1", ["A", "B"])));
        Assert.Equal(ErrorCodes.WrongPhase, await MeetingKit.CodeOf(() => _m.Meeting.AssignBreakouts(_m.Facilitator, "s1", new BreakoutAssignment(AssignmentMode.Random, null, null, null))));
        await _m.Meeting.CloseBreakouts(_m.Facilitator, "s1");
    }

    [Fact]
    public async Task Manual_and_csv_assignments_are_previews_and_csv_errors_name_the_line()
    {
        await _m.CreateAsync(perCountry: 1);
        var draft = await _m.Meeting.DraftBreakouts(_m.Facilitator, "s1", ["Alpha", "Beta"]);
        var (a, b, c) = (_m.Participants[0].UserId, _m.Participants[1].UserId, _m.Participants[2].UserId);
        var manual = await _m.Meeting.AssignBreakouts(_m.Facilitator, "s1",
            new BreakoutAssignment(AssignmentMode.Manual, [new ManualPlacement(a, draft.Rooms[1].RoomId)], null, null));
        Assert.Equal([a], manual.Rooms[1].Members);
        Assert.Empty(manual.Rooms[0].Members);

        var csv = await _m.Meeting.AssignBreakouts(_m.Facilitator, "s1",
            new BreakoutAssignment(AssignmentMode.Csv, null, null, $"email,room\n{a},alpha\n{b},2\n{c},Beta"));
        Assert.Equal(AssignmentMode.Csv, csv.Mode);
        Assert.Equal([a], csv.Rooms[0].Members);
        Assert.Equal(new[] { b, c }.Order(StringComparer.Ordinal), csv.Rooms[1].Members);

        var error = await Assert.ThrowsAsync<HubRealtimeException>(() => _m.Meeting.AssignBreakouts(_m.Facilitator, "s1",
            new BreakoutAssignment(AssignmentMode.Csv, null, null, $"{a},alpha\n{_m.Outsider.UserId},beta")));
        Assert.StartsWith("CSV line 2:", error.Message, StringComparison.Ordinal);
        // A refused import changes nothing.
        Assert.Equal(AssignmentMode.Csv, (await _m.BreakoutsAsync()).Mode);
        Assert.Equal([a], (await _m.BreakoutsAsync()).Rooms[0].Members);
    }

    [Fact]
    public async Task Self_select_respects_the_cap_before_and_after_opening()
    {
        await _m.CreateAsync(perCountry: 1);
        var view = await _m.DraftAndAssignAsync(2, AssignmentMode.SelfSelect, cap: 2);
        Assert.Equal(2, view.SelfSelectCap);
        var (p0, p1, p2) = (_m.Participants[0], _m.Participants[1], _m.Participants[2]);
        await _m.Meeting.ChooseRoom(p0, "s1", view.Rooms[0].RoomId);
        var chosen = await _m.Meeting.ChooseRoom(p1, "s1", view.Rooms[0].RoomId);
        Assert.Equal(view.Rooms[0].RoomId, chosen.MyRoomId);
        Assert.Equal(ErrorCodes.RoomFull, await MeetingKit.CodeOf(() => _m.Meeting.ChooseRoom(p2, "s1", view.Rooms[0].RoomId)));
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Meeting.ChooseRoom(_m.Facilitator, "s1", view.Rooms[0].RoomId)));

        await _m.Meeting.OpenBreakouts(_m.Facilitator, "s1", 20, []);
        await _m.Meeting.ChooseRoom(p2, "s1", view.Rooms[1].RoomId);
        await _m.Room(view.Rooms[1].RoomId).Join(p2);
        // Switching rooms while open moves access along.
        await _m.Meeting.ChooseRoom(p0, "s1", view.Rooms[1].RoomId);
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Room(view.Rooms[0].RoomId).Join(p0)));
        await _m.Room(view.Rooms[1].RoomId).Join(p0);
        await _m.Meeting.CloseBreakouts(_m.Facilitator, "s1");
    }

    [Fact]
    public async Task Before_the_round_opens_choices_tell_the_facilitators_and_moves_tell_everyone_once()
    {
        await _m.CreateAsync(perCountry: 1);
        var view = await _m.DraftAndAssignAsync(2, AssignmentMode.SelfSelect, cap: 2);
        var p0 = _m.Participants[0];
        var facilitators = MeetingIds.Facilitators(_m.MeetingId, "s1");
        var plenaryBefore = (await _m.EventsAsync(_m.Plenary)).Count;

        await _m.Meeting.ChooseRoom(p0, "s1", view.Rooms[0].RoomId);
        // The same choice again changes nothing and tells nobody.
        await _m.Meeting.ChooseRoom(p0, "s1", view.Rooms[0].RoomId);
        await _m.Meeting.ChooseRoom(p0, "s1", view.Rooms[1].RoomId);

        var chosen = (await _m.NoticesAsync(facilitators, RoomNoticeTypes.BreakoutsChosen))
            .Select(e => Assert.IsType<BreakoutsChosenNotice>(Assert.IsType<NoticePayload>(e.Payload).Notice)).ToList();
        Assert.Equal([view.Rooms[0].RoomId, view.Rooms[1].RoomId], chosen.Select(c => c.RoomId));
        Assert.All(chosen, c => Assert.Equal(p0.DisplayName, c.DisplayName));
        // Nothing in the plenary: 250 choices are no 250 lines of everyone's chat.
        Assert.Equal(plenaryBefore, (await _m.EventsAsync(_m.Plenary)).Count);

        // A facilitator's move before opening changes the preview everyone reads (the person's own room too):
        // one breakouts.assigned in the plenary; a move to where the person already is tells nobody.
        await _m.Meeting.MoveParticipant(_m.Facilitator, "s1", p0.UserId, view.Rooms[0].RoomId);
        await _m.Meeting.MoveParticipant(_m.Facilitator, "s1", p0.UserId, view.Rooms[0].RoomId);
        var plenary = await _m.EventsAsync(_m.Plenary);
        Assert.Equal(plenaryBefore + 1, plenary.Count);
        Assert.Equal(RoomNoticeTypes.BreakoutsAssigned, plenary[^1].NoticeType());
        Assert.Equal(view.Rooms[0].RoomId, (await _m.BreakoutsAsync(p0)).MyRoomId);
    }

    [Fact]
    public async Task Moving_a_participant_between_running_rooms_moves_their_access_and_is_told_and_audited()
    {
        await _m.CreateAsync(perCountry: 1);
        await _m.DraftAndAssignAsync(3, AssignmentMode.Random);
        var open = await _m.Meeting.OpenBreakouts(_m.Facilitator, "s1", 15, []);
        var from = open.Rooms.First(r => r.Members.Count > 0);
        var to = open.Rooms.First(r => r.RoomId != from.RoomId);
        var who = new Caller(from.Members[0], "x");
        await _m.Room(from.RoomId).Join(who);

        var moved = await _m.Meeting.MoveParticipant(_m.Facilitator, "s1", who.UserId, to.RoomId);

        Assert.Contains(who.UserId, moved.Rooms.Single(r => r.RoomId == to.RoomId).Members);
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Room(from.RoomId).Join(who)));
        await _m.Room(to.RoomId).Join(who);
        var notice = Assert.Single(await _m.NoticesAsync(_m.Plenary, "breakouts.moved"));
        Assert.Contains($"\"fromRoomId\":\"{from.RoomId}\"", notice.Text());
        Assert.Contains($"\"toRoomId\":\"{to.RoomId}\"", notice.Text());
        Assert.Equal(ErrorCodes.RoomNotFound, await MeetingKit.CodeOf(() => _m.Meeting.MoveParticipant(_m.Facilitator, "s1", who.UserId, "m-nope-s1-r1-9")));
        Assert.Equal(ErrorCodes.NotAMember, await MeetingKit.CodeOf(() => _m.Meeting.MoveParticipant(_m.Facilitator, "s1", _m.Outsider.UserId, to.RoomId)));
        var audit = await _m.Accounts.AuditAsync(MeetingIds.AuditScope(_m.MeetingId), _m.HubAdmin);
        Assert.Contains(audit, e => e.Action == "participant-moved" && e.Target == who.UserId);
        Assert.Contains(audit, e => e.Action == "breakouts-opened");
        await _m.Meeting.CloseBreakouts(_m.Facilitator, "s1");
    }

    [Fact]
    public async Task Broadcast_reaches_the_plenary_and_every_open_room_and_help_reaches_the_facilitators()
    {
        await _m.CreateAsync(perCountry: 1);
        var open = await _m.DraftAndAssignAsync(2, AssignmentMode.Random);
        open = await _m.Meeting.OpenBreakouts(_m.Facilitator, "s1", 15, []);
        await _m.Meeting.Broadcast(_m.Facilitator, "s1", "Five more minutes, please wrap up");
        foreach (var roomId in open.Rooms.Select(r => r.RoomId).Append(_m.Plenary))
        {
            var notice = Assert.Single(await _m.NoticesAsync(roomId, "broadcast"));
            Assert.Contains("Five more minutes", notice.Text());
            Assert.Contains("\"fromName\":\"Fay Facil\"", notice.Text());
            Assert.Equal(_m.Facilitator.UserId, notice.Actor.UserId);
        }
        var asker = new Caller(open.Rooms[0].Members.Count > 0 ? open.Rooms[0].Members[0] : open.Rooms[1].Members[0], "x");
        await _m.Meeting.RequestHelp(asker, "s1", "We are stuck");
        var help = Assert.Single(await _m.NoticesAsync(MeetingIds.Facilitators(_m.MeetingId, "s1"), "help.requested"));
        Assert.Contains($"\"email\":\"{asker.UserId}\"", help.Text());
        Assert.Contains("We are stuck", help.Text());
        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => _m.Meeting.Broadcast(_m.Facilitator, "s1", "")));
        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => _m.Meeting.Broadcast(_m.Facilitator, "s1", new string('x', 1001))));
        Assert.Equal(ErrorCodes.MeetingNotFound, await MeetingKit.CodeOf(() => _m.Meeting.Broadcast(_m.Facilitator, "nope", "hi")));
        await _m.Meeting.CloseBreakouts(_m.Facilitator, "s1");
    }

    [Fact]
    public async Task A_help_request_stays_open_in_the_grain_until_one_facilitator_resolves_it_for_all()
    {
        await _m.CreateAsync(perCountry: 1);
        var asker = _m.Participants[0];
        var other = _m.Participants[1];
        await _m.Meeting.RequestHelp(asker, "s1", "We are stuck");
        await _m.Meeting.RequestHelp(other, "s1", "Audio is gone");
        // Asking again updates the open request: same id, same place in the queue.
        await _m.Meeting.RequestHelp(asker, "s1", "Still stuck");

        var queue = (await _m.Meeting.Get(_m.Facilitator)).Sessions[0].HelpRequests!;
        Assert.Equal([asker.UserId, other.UserId], queue.Select(h => h.Email));
        Assert.Equal("Still stuck", queue[0].Text);
        Assert.Equal(_m.Plenary, queue[0].RoomId);
        Assert.NotEqual(queue[0].RequestId, queue[1].RequestId);
        // The other facilitator sees the same queue; participants see none.
        Assert.Equal(queue, (await _m.Meeting.Get(_m.HubAdmin)).Sessions[0].HelpRequests);
        Assert.Empty((await _m.Meeting.Get(asker)).Sessions[0].HelpRequests!);
        var facilitators = MeetingIds.Facilitators(_m.MeetingId, "s1");
        var requested = await _m.NoticesAsync(facilitators, "help.requested");
        Assert.Equal(3, requested.Count);
        Assert.Contains($"\"requestId\":{queue[0].RequestId}", requested[^1].Text());

        // Only facilitators resolve; an id never given is not_found.
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Meeting.ResolveHelp(asker, "s1", queue[0].RequestId)));
        Assert.Equal(ErrorCodes.NotFound, await MeetingKit.CodeOf(() => _m.Meeting.ResolveHelp(_m.Facilitator, "s1", 999)));
        Assert.Equal(ErrorCodes.NotFound, await MeetingKit.CodeOf(() => _m.Meeting.ResolveHelp(_m.Facilitator, "s1", 0)));

        // One facilitator resolves: gone for both, one notice; resolving again (the other one's click) changes nothing.
        await _m.Meeting.ResolveHelp(_m.Facilitator, "s1", queue[0].RequestId);
        await _m.Meeting.ResolveHelp(_m.HubAdmin, "s1", queue[0].RequestId);
        Assert.Equal([other.UserId], (await _m.Meeting.Get(_m.HubAdmin)).Sessions[0].HelpRequests!.Select(h => h.Email));
        var resolved = Assert.Single(await _m.NoticesAsync(facilitators, "help.resolved"));
        Assert.Contains($"\"requestId\":{queue[0].RequestId}", resolved.Text());
        Assert.Contains($"\"resolvedBy\":\"{_m.Facilitator.UserId}\"", resolved.Text());

        // A new request after resolution gets a new id, never a reused one.
        await _m.Meeting.RequestHelp(asker, "s1", "Again");
        var again = (await _m.Meeting.Get(_m.Facilitator)).Sessions[0].HelpRequests!;
        Assert.Equal(queue.Max(h => h.RequestId) + 1, again.Single(h => h.Email == asker.UserId).RequestId);

        // The queue is state: it survives the grain's deactivation.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(2, (await _m.Meeting.Get(_m.Facilitator)).Sessions[0].HelpRequests!.Count);
    }

    [Fact]
    public async Task Close_all_makes_rooms_read_only_readable_by_everyone_and_attaches_outcomes()
    {
        await _m.CreateAsync(perCountry: 1);
        await _m.DraftAndAssignAsync(2, AssignmentMode.Balanced);
        var open = await _m.Meeting.OpenBreakouts(_m.Facilitator, "s1", 15, []);
        var room = open.Rooms[0];
        var speaker = new Caller(room.Members[0], "x");
        await _m.Room(room.RoomId).Send(speaker, MeetingKit.Message("our outcome: more training"));
        await _m.Room(room.RoomId).Send(speaker, MeetingKit.Message("and shared tooling"));
        var retracted = await _m.Room(room.RoomId).Send(speaker, MeetingKit.Message("off the record"));
        await _m.Room(room.RoomId).Delete(speaker, retracted.Seq);
        var stranger = new Caller(open.Rooms[1].Members[0], "x");

        var closed = await _m.Meeting.CloseBreakouts(_m.Facilitator, "s1");

        Assert.Equal(BreakoutPhase.Closed, closed.Phase);
        Assert.Equal(2, closed.Outcomes.Count);
        var outcome = closed.Outcomes.Single(o => o.RoomId == room.RoomId);
        Assert.Equal(2, outcome.MessageCount);
        Assert.Equal(room.Members, outcome.Members);
        Assert.Equal(RoomClusterFixture.Clock.GetUtcNow(), outcome.ClosedAt);
        // The record reads round by round: each outcome says its round and when that round opened.
        Assert.All(closed.Outcomes, o => Assert.Equal(open.Round, o.Round));
        Assert.All(closed.Outcomes, o => Assert.Equal(open.OpensAt, o.OpenedAt));
        Assert.Equal(outcome.Members.Count, outcome.MemberNames?.Count);
        // A participant reads who was in each room by name, without their e-mails.
        var seen = (await _m.Meeting.Get(speaker)).Sessions[0].Breakouts.Outcomes.Single(o => o.RoomId == room.RoomId);
        Assert.Empty(seen.Members);
        Assert.Equal(outcome.MemberNames, seen.MemberNames);
        Assert.Equal(ErrorCodes.RoomClosed, await MeetingKit.CodeOf(() => _m.Room(room.RoomId).Send(speaker, MeetingKit.Message("late"))));
        // The transcript is readable by every meeting member, not by outsiders.
        var transcript = await _m.Room(room.RoomId).GetHistoryBefore(stranger, long.MaxValue, 50);
        Assert.Contains(transcript.Events, m => m.Text() == "our outcome: more training");
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Room(room.RoomId).GetHistoryBefore(_m.Outsider, long.MaxValue, 50)));
        Assert.Single(await _m.NoticesAsync(room.RoomId, "breakouts.closing"));
        var closedNotice = Assert.Single(await _m.NoticesAsync(_m.Plenary, "breakouts.closed"));
        Assert.Contains("\"messageCount\":2", closedNotice.Text());
        // Idempotent; and a new round starts numbering after the last.
        await _m.Meeting.CloseBreakouts(_m.Facilitator, "s1");
        Assert.Single(await _m.NoticesAsync(_m.Plenary, "breakouts.closed"));
        var next = await _m.Meeting.DraftBreakouts(_m.Facilitator, "s1", ["X", "Y"]);
        Assert.Equal(2, next.Round);
        Assert.EndsWith("-r2-1", next.Rooms[0].RoomId, StringComparison.Ordinal);
        Assert.Equal(2, next.Outcomes.Count);
        var audit = await _m.Accounts.AuditAsync(MeetingIds.AuditScope(_m.MeetingId), _m.HubAdmin);
        Assert.Single(audit, e => e.Action == "breakouts-closed");
    }

    [Fact]
    public async Task Input_limits_are_checked()
    {
        await _m.CreateAsync(perCountry: 1);
        var meeting = _m.Meeting;
        var f = _m.Facilitator;
        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => meeting.DraftBreakouts(f, "s1", ["only one"])));
        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => meeting.DraftBreakouts(f, "s1", [.. Enumerable.Range(0, 401).Select(i => $"R{i}")])));
        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => meeting.DraftBreakouts(f, "s1", ["Same", "same"])));
        Assert.Equal(ErrorCodes.WrongPhase, await MeetingKit.CodeOf(() => meeting.OpenBreakouts(f, "s1", 10, [])));
        await meeting.DraftBreakouts(f, "s1", ["A", "B"]);
        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => meeting.OpenBreakouts(f, "s1", 0, [])));
        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => meeting.OpenBreakouts(f, "s1", 241, [])));
        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => meeting.OpenBreakouts(f, "s1", 10, [10])));
        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => meeting.AssignBreakouts(f, "s1", new BreakoutAssignment(AssignmentMode.SelfSelect, null, 0, null))));
        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => meeting.AssignBreakouts(f, "s1", new BreakoutAssignment(AssignmentMode.None, null, null, null))));
        Assert.Equal(ErrorCodes.WrongPhase, await MeetingKit.CodeOf(() => meeting.ExtendBreakouts(f, "s1", 5)));
        Assert.Equal(ErrorCodes.WrongPhase, await MeetingKit.CodeOf(() => meeting.CloseBreakouts(f, "s1")));
    }

    [Fact]
    public async Task A_retention_period_applies_to_every_room_the_meeting_makes()
    {
        var hubAdmin = await _m.Accounts.HubAdminAsync();
        var meetingId = AgencyKit.NewId("mt");
        var meeting = fixture.Grains.GetGrain<IMeetingGrain>(meetingId);
        var invalid = await MeetingKit.CodeOf(() => meeting.Create(hubAdmin, MeetingKit.NewMeeting([], []) with { RetentionDays = 0 }));

        var view = await meeting.Create(hubAdmin, MeetingKit.NewMeeting([], []) with { RetentionDays = 30 });
        await meeting.DraftBreakouts(hubAdmin, MeetingKit.SessionId, ["A", "B"]);
        var opened = await meeting.OpenBreakouts(hubAdmin, MeetingKit.SessionId, 10, []);

        Assert.Equal(ErrorCodes.InvalidArgument, invalid);
        Assert.Equal(30, view.RetentionDays);
        foreach (var roomId in new[] { MeetingIds.Plenary(meetingId, MeetingKit.SessionId), MeetingIds.Facilitators(meetingId, MeetingKit.SessionId), opened.Rooms[0].RoomId })
        {
            Assert.Equal(TimeSpan.FromDays(30), (await _m.Room(roomId).GetRetentionStatus(Caller.System)).Retention);
        }
    }
}
