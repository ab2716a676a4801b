using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.WorkingGroups;
using HubRealtime.Grains.Tests.Agencies;

namespace HubRealtime.Grains.Tests.Meetings;

[Collection(RoomClusterCollection.Name)]
public sealed class MeetingRosterChangeTests(RoomClusterFixture fixture)
{
    private readonly MeetingKit _m = new(fixture.Grains);

    private Task<IReadOnlyList<string>> MineAsync(Caller c) => fixture.Grains.GetGrain<IMeetingMembershipGrain>(c.UserId).List(c);

    [Fact]
    public async Task Facilitators_add_people_by_email_agency_and_group_and_they_get_the_rooms()
    {
        await _m.CreateAsync(perCountry: 1);
        var agency = await _m.Accounts.AgencyAsync(_m.HubAdmin, "Newcomers", "AE");
        var agencyAdmin = await _m.Accounts.UserAsync("Ada Admin", agency, AgencyRole.Admin);
        var invited = await _m.Accounts.InvitedMemberAsync(agencyAdmin, agency, "Ivy Invited");
        var byEmail = await _m.Accounts.UserAsync("Eve Email", agency);
        // The facilitator owns a working group with one more member.
        var groupId = AgencyKit.NewId("wg");
        var group = fixture.Grains.GetGrain<IWorkingGroupGrain>(groupId);
        await group.Create(_m.Facilitator, "Case team");
        var grouped = await _m.Accounts.UserAsync("Gus Group", agency);
        await group.AddMember(_m.Facilitator, grouped.UserId, GroupRole.Participant);
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Room(_m.Plenary).Join(byEmail)));

        var view = await _m.Meeting.AddPeople(_m.Facilitator, new MeetingPeopleChange([byEmail.UserId], null, null, [groupId]));
        Assert.Contains(view.Participants, p => p.Email == byEmail.UserId);
        Assert.Contains(view.Participants, p => p.Email == grouped.UserId);
        view = await _m.Meeting.AddPeople(_m.HubAdmin, new MeetingPeopleChange(null, null, [agency], null));
        Assert.Contains(view.Participants, p => p.Email == invited.UserId);
        // The facilitator stays a facilitator (already in the meeting).
        Assert.DoesNotContain(view.Participants, p => p.Email == _m.Facilitator.UserId);

        await _m.Room(_m.Plenary).Join(byEmail);
        await _m.Room(MeetingIds.Plenary(_m.MeetingId, "s2")).Join(grouped);
        Assert.Equal(MeetingRole.Participant, (await _m.Meeting.Get(invited)).Role);
        Assert.Contains(_m.MeetingId, await MineAsync(invited));
        var notices = await _m.NoticesAsync(_m.Plenary, "meeting.roster");
        Assert.Equal(2, notices.Count);
        Assert.Contains("Eve Email", notices[0].Text(), StringComparison.Ordinal);
        var audit = await _m.Accounts.AuditAsync(MeetingIds.AuditScope(_m.MeetingId), _m.HubAdmin);
        Assert.Equal(2, audit.Count(e => e.Action == "people-added"));

        Assert.Equal(ErrorCodes.UserNotFound, await MeetingKit.CodeOf(() => _m.Meeting.AddPeople(_m.Facilitator, new MeetingPeopleChange(["ghost@nowhere.example"], null, null, null))));
        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => _m.Meeting.AddPeople(_m.Facilitator, new MeetingPeopleChange([], [], [], []))));
        // A facilitator who does not lead a group cannot bring it in.
        var otherGroup = AgencyKit.NewId("wg");
        await fixture.Grains.GetGrain<IWorkingGroupGrain>(otherGroup).Create(byEmail, "Not yours");
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Meeting.AddPeople(_m.Facilitator, new MeetingPeopleChange(null, null, null, [otherGroup]))));
    }

    [Fact]
    public async Task An_added_facilitator_must_use_MFA_and_gets_the_facilitators_room_and_loses_it_when_removed()
    {
        await _m.CreateAsync(perCountry: 1);
        var lead = await _m.Accounts.UserAsync("Leo Lead", await _m.Accounts.AgencyAsync(_m.HubAdmin, "Leads", "IT"));
        var facilitatorsRoom = MeetingIds.Facilitators(_m.MeetingId, MeetingKit.SessionId);
        Assert.False((await _m.Accounts.User(lead).GetProfile(lead)).MfaRequired);

        var view = await _m.Meeting.AddPeople(_m.Facilitator, new MeetingPeopleChange(null, [lead.UserId], null, null));

        Assert.Contains(view.Facilitators, f => f.Email == lead.UserId);
        Assert.True((await _m.Accounts.User(lead).GetProfile(lead)).MfaRequired);
        await _m.Room(facilitatorsRoom).Join(lead);

        await _m.Meeting.RemovePerson(_m.Facilitator, lead.UserId);
        Assert.False((await _m.Accounts.User(lead).GetProfile(lead)).MfaRequired);
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Room(facilitatorsRoom).Join(lead)));
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Meeting.Get(lead)));
        Assert.DoesNotContain(_m.MeetingId, await MineAsync(lead));
    }

    [Fact]
    public async Task Removing_a_participant_during_an_open_round_takes_their_breakout_and_plenary()
    {
        await _m.CreateAsync(perCountry: 1);
        await _m.DraftAndAssignAsync(2, AssignmentMode.Random);
        var open = await _m.Meeting.OpenBreakouts(_m.Facilitator, MeetingKit.SessionId, 15, []);
        var room = open.Rooms.First(r => r.Members.Count > 0);
        var who = new Caller(room.Members[0], "x");
        await _m.Room(room.RoomId).Join(who);
        await _m.Room(_m.Plenary).Join(who);

        await _m.Meeting.RemovePerson(_m.Facilitator, who.UserId);

        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Room(room.RoomId).Join(who)));
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Room(_m.Plenary).Join(who)));
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Meeting.Get(who)));
        var breakouts = await _m.BreakoutsAsync();
        Assert.DoesNotContain(breakouts.Rooms, r => r.Members.Contains(who.UserId));
        Assert.DoesNotContain((await _m.Meeting.Get(_m.Facilitator)).Participants, p => p.Email == who.UserId);
        Assert.DoesNotContain(_m.MeetingId, await MineAsync(who));
        var notice = Assert.Single(await _m.NoticesAsync(_m.Plenary, "meeting.roster"));
        Assert.Contains($"\"removed\":[\"{_m.Participants.Single(p => p.UserId == who.UserId).DisplayName}\"]", notice.Text());
        var audit = await _m.Accounts.AuditAsync(MeetingIds.AuditScope(_m.MeetingId), _m.HubAdmin);
        Assert.Contains(audit, e => e.Action == "person-removed" && e.Target == who.UserId);
        Assert.Equal(ErrorCodes.NotAMember, await MeetingKit.CodeOf(() => _m.Meeting.RemovePerson(_m.Facilitator, who.UserId)));
        // Closing the round now opens the closed rooms to the meeting only, not to the removed person.
        await _m.Meeting.CloseBreakouts(_m.Facilitator, MeetingKit.SessionId);
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Room(room.RoomId).Join(who)));
    }

    [Fact]
    public async Task The_last_facilitator_stays_and_participants_change_nothing()
    {
        await _m.CreateAsync(perCountry: 1);
        var p = _m.Participants[0];
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Meeting.RemovePerson(p, _m.Participants[1].UserId)));
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Meeting.AddPeople(p, new MeetingPeopleChange([_m.Outsider.UserId], null, null, null))));
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Meeting.AddPeople(_m.Outsider, new MeetingPeopleChange([_m.Outsider.UserId], null, null, null))));

        await _m.Meeting.RemovePerson(_m.HubAdmin, _m.Facilitator.UserId);
        Assert.Equal(ErrorCodes.LastOwner, await MeetingKit.CodeOf(() => _m.Meeting.RemovePerson(_m.HubAdmin, _m.HubAdmin.UserId)));
        Assert.Equal(MeetingRole.Facilitator, (await _m.Meeting.Get(_m.HubAdmin)).Role);
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => _m.Meeting.RemovePerson(_m.Facilitator, p.UserId)));
        Assert.Single(await _m.NoticesAsync(_m.Plenary, "meeting.roster"));
    }
}
