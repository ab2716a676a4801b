using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.WorkingGroups;
using HubRealtime.Grains.Tests.Agencies;

namespace HubRealtime.Grains.Tests.WorkingGroups;

[Collection(RoomClusterCollection.Name)]
public sealed class WorkingGroupTests(RoomClusterFixture fixture)
{
    private readonly AgencyKit _kit = new(fixture.Grains);

    private IWorkingGroupGrain Group(string groupId) => fixture.Grains.GetGrain<IWorkingGroupGrain>(groupId);

    private IRoomGrain Room(WorkingGroupInfo info) => fixture.Grains.GetGrain<IRoomGrain>(info.RoomId);

    /// <summary>Two agencies: an officer in each, a colleague of the first officer outside the group, and a hub admin.</summary>
    private async Task<(Caller Ana, Caller Ben, Caller Cleo, Caller HubAdmin, string AgencyA, string AgencyB)> TwoAgenciesAsync()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var a = await _kit.AgencyAsync(hubAdmin, "Agency A", "FR");
        var b = await _kit.AgencyAsync(hubAdmin, "Agency B", "PH");
        return (await _kit.UserAsync("Ana Alpha", a), await _kit.UserAsync("Ben Beta", b), await _kit.UserAsync("Cleo Alpha", a), hubAdmin, a, b);
    }

    private static SendMessageRequest Message(string text) => new(Guid.NewGuid().ToString("N"), text);

    [Fact]
    public async Task A_group_spans_agencies_and_its_room_follows_its_membership()
    {
        var (ana, ben, cleo, hubAdmin, agencyA, agencyB) = await TwoAgenciesAsync();
        var groupId = AgencyKit.NewId("wg");
        var group = Group(groupId);

        var info = await group.Create(ana, " Case 42 ");
        await group.AddMember(ana, ben.UserId, GroupRole.Participant);

        Assert.Equal(new WorkingGroupInfo(groupId, "Case 42", "wg-" + groupId, RoomClusterFixture.Clock.GetUtcNow(), ana.UserId), info);
        Assert.Equal(
            [new WorkingGroupMember(ana.UserId, "Ana Alpha", agencyA, GroupRole.Owner), new WorkingGroupMember(ben.UserId, "Ben Beta", agencyB, GroupRole.Participant)],
            await group.ListMembers(ben));
        Assert.Contains(groupId, await _kit.User(ana).ListGroups(ana));
        Assert.Contains(groupId, await _kit.User(ben).ListGroups(ben));
        Assert.DoesNotContain(groupId, await _kit.User(cleo).ListGroups(cleo));
        Assert.Equal(info, await group.GetInfo(hubAdmin));
        Assert.True(await group.IsMember(ben.UserId));

        var room = Room(info);
        await room.Send(ana, Message("hello from A"));
        Assert.Equal("hello from A", Assert.Single((await room.Join(ben)).Events).Text());
        await room.Send(ben, Message("hello from B"));

        foreach (var denied in new Func<Task>[]
        {
            () => room.Join(cleo),
            () => room.GetHistoryAfter(cleo, 0, 50),
            () => room.GetHistoryBefore(cleo, 0, 50),
            () => room.Send(cleo, Message("let me in")),
            () => group.GetInfo(cleo),
            () => group.ListMembers(cleo),
            () => group.AddMember(cleo, cleo.UserId, GroupRole.Participant),
        })
        {
            Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(denied));
        }

        await group.RemoveMember(ana, ben.UserId);

        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => room.Join(ben)));
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => room.GetHistoryAfter(ben, 0, 50)));
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => group.ListMembers(ben)));
        Assert.DoesNotContain(groupId, await _kit.User(ben).ListGroups(ben));
        Assert.False(await group.IsMember(ben.UserId));
        Assert.Equal(2, (await room.Join(ana)).LastSeq);

        var audit = await _kit.AuditAsync(AuditScope.Group(groupId), hubAdmin);
        Assert.Equal(
            [(AuditActions.GroupCreated, groupId), (AuditActions.MemberJoined, ben.UserId), (AuditActions.MemberRemoved, ben.UserId)],
            audit.Select(e => (e.Action, e.Target)));
        Assert.All(audit, e => Assert.Equal(ana.UserId, e.Actor));
    }

    [Fact]
    public async Task The_last_owner_cannot_leave_while_others_remain()
    {
        var (ana, ben, _, hubAdmin, _, _) = await TwoAgenciesAsync();
        var groupId = AgencyKit.NewId("wg");
        var group = Group(groupId);
        var info = await group.Create(ana, "Hand-over");
        await group.AddMember(ana, ben.UserId, GroupRole.Participant);

        Assert.Equal(ErrorCodes.LastOwner, await AgencyKit.CodeOf(() => group.Leave(ana)));
        Assert.Equal(ErrorCodes.LastOwner, await AgencyKit.CodeOf(() => group.AddMember(ana, ana.UserId, GroupRole.Participant)));

        await group.AddMember(ana, ben.UserId, GroupRole.Owner);
        await group.Leave(ana);

        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => Room(info).Join(ana)));
        Assert.DoesNotContain(groupId, await _kit.User(ana).ListGroups(ana));
        Assert.Equal(ErrorCodes.NotAMember, await AgencyKit.CodeOf(() => group.Leave(ana)));
        Assert.Equal(GroupRole.Owner, Assert.Single(await group.ListMembers(ben)).Role);

        // Alone, the last owner may go; the group stays for the auditors.
        await group.Leave(ben);
        Assert.Empty(await group.ListMembers(hubAdmin));
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => Room(info).Join(ben)));
        var actions = (await _kit.AuditAsync(AuditScope.Group(groupId), hubAdmin)).Select(e => e.Action).ToList();
        Assert.Equal([AuditActions.GroupCreated, AuditActions.MemberJoined, AuditActions.RoleChanged, AuditActions.MemberLeft, AuditActions.MemberLeft], actions);
    }

    [Fact]
    public async Task Facilitators_manage_participants_and_only_owners_grant_ownership()
    {
        var (ana, ben, cleo, hubAdmin, agencyA, _) = await TwoAgenciesAsync();
        var dan = await _kit.UserAsync("Dan Delta", agencyA);
        var group = Group(AgencyKit.NewId("wg"));
        await group.Create(ana, "Roles");
        await group.AddMember(ana, ben.UserId, GroupRole.Facilitator);

        await group.AddMember(ben, cleo.UserId, GroupRole.Participant);
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => group.AddMember(ben, dan.UserId, GroupRole.Owner)));
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => group.AddMember(cleo, dan.UserId, GroupRole.Participant)));
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => group.RemoveMember(ben, ana.UserId)));
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => group.RemoveMember(cleo, ben.UserId)));
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => group.AddMember(hubAdmin, dan.UserId, GroupRole.Participant)));
        Assert.Equal(ErrorCodes.LastOwner, await AgencyKit.CodeOf(() => group.RemoveMember(ana, ana.UserId)));
        Assert.Equal(ErrorCodes.NotAMember, await AgencyKit.CodeOf(() => group.RemoveMember(ana, dan.UserId)));
        Assert.Equal(ErrorCodes.UserNotFound, await AgencyKit.CodeOf(() => group.AddMember(ana, AgencyKit.NewEmail("ghost"), GroupRole.Participant)));
        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() => group.AddMember(ana, "not an address", GroupRole.Participant)));
        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() => group.AddMember(ana, dan.UserId, (GroupRole)9)));

        await group.RemoveMember(ben, cleo.UserId);
        await group.AddMember(ana, dan.UserId, GroupRole.Owner);
        await group.RemoveMember(dan, ana.UserId);

        Assert.Equal([(ben.UserId, GroupRole.Facilitator), (dan.UserId, GroupRole.Owner)],
            (await group.ListMembers(dan)).Select(m => (m.Email, m.Role)).Order());
    }

    [Fact]
    public async Task Owners_and_facilitators_must_use_MFA_participants_need_not()
    {
        var (ana, ben, cleo, _, agencyA, _) = await TwoAgenciesAsync();
        var group = Group(AgencyKit.NewId("wg"));
        async Task<bool> Required(Caller c) => (await _kit.User(c).GetProfile(c)).MfaRequired;
        Assert.False(await Required(ana));

        await group.Create(ana, "Leads");
        await group.AddMember(ana, ben.UserId, GroupRole.Participant);
        await group.AddMember(ana, cleo.UserId, GroupRole.Facilitator);
        var afterAdding = (await Required(ana), await Required(ben), await Required(cleo));
        await group.AddMember(ana, ben.UserId, GroupRole.Facilitator);
        await group.AddMember(ana, cleo.UserId, GroupRole.Participant);
        var afterSwapping = (await Required(ben), await Required(cleo));
        await group.RemoveMember(ana, ben.UserId);

        Assert.Equal((true, false, true), afterAdding);
        Assert.Equal((true, false), afterSwapping);
        Assert.False(await Required(ben));
        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() => _kit.User(ben).SetLeadRole(Caller.System, "no scope", true)));
    }

    [Fact]
    public async Task Owners_and_facilitators_moderate_the_group_room_participants_do_not()
    {
        var (ana, ben, cleo, _, _, _) = await TwoAgenciesAsync();
        var info = await Group(AgencyKit.NewId("wg")).Create(ana, "Moderated");
        var group = Group(info.GroupId);
        await group.AddMember(ana, ben.UserId, GroupRole.Participant);
        await group.AddMember(ana, cleo.UserId, GroupRole.Participant);
        var room = Room(info);
        var first = await room.Send(ben, Message("one"));
        var second = await room.Send(ben, Message("two"));

        var byParticipant = await AgencyKit.CodeOf(() => room.Delete(cleo, first.Seq));
        await room.Delete(ana, first.Seq);
        await group.AddMember(ana, cleo.UserId, GroupRole.Facilitator);
        await room.Delete(cleo, second.Seq);
        await room.Mute(cleo, ben.UserId, true);
        var mutedSend = await AgencyKit.CodeOf(() => room.Send(ben, Message("three")));

        Assert.Equal(ErrorCodes.Forbidden, byParticipant);
        Assert.Equal(ErrorCodes.Muted, mutedSend);
        Assert.All((await room.GetHistoryBefore(ana, long.MaxValue, 50)).Events.Where(m => m.Kind == RoomEventKind.Message), m => Assert.True(m.Deleted()));
    }

    [Fact]
    public async Task Deactivated_users_cannot_be_added()
    {
        var (ana, _, _, hubAdmin, _, _) = await TwoAgenciesAsync();
        var otherAgency = await _kit.AgencyAsync(hubAdmin, "Agency C", "BR");
        var gone = await _kit.UserAsync("Gus Gone", otherAgency);
        await _kit.User(gone).SetStatus(hubAdmin, Abstractions.Accounts.UserStatus.Deactivated);
        var group = Group(AgencyKit.NewId("wg"));
        await group.Create(ana, "Vetted only");

        Assert.Equal(ErrorCodes.UserNotFound, await AgencyKit.CodeOf(() => group.AddMember(ana, gone.UserId, GroupRole.Participant)));
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => Group(AgencyKit.NewId("wg")).Create(gone, "Not me")));
    }

    [Fact]
    public async Task Group_ids_titles_and_taken_room_ids_are_checked()
    {
        var (ana, _, _, hubAdmin, _, _) = await TwoAgenciesAsync();
        var groupId = AgencyKit.NewId("wg");
        await Group(groupId).Create(ana, "First");
        var squatted = AgencyKit.NewId("wg");
        // A member cannot take a group's room id first (issue 8 §1.6), so the group can still be made.
        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() => fixture.Grains.GetGrain<IRoomGrain>("wg-" + squatted).Create(ana, "An open room named like a group room")));

        Assert.Equal(ErrorCodes.GroupExists, await AgencyKit.CodeOf(() => Group(groupId).Create(hubAdmin, "Second")));
        Assert.Equal("wg-" + squatted, (await Group(squatted).Create(ana, "Not squatted")).RoomId);
        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() => Group("Not A Slug").Create(ana, "x")));
        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() => Group(new string('g', 62)).Create(ana, "x")));
        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() => Group(AgencyKit.NewId("wg")).Create(ana, " ")));
        Assert.Equal(ErrorCodes.GroupNotFound, await AgencyKit.CodeOf(() => Group(AgencyKit.NewId("wg")).GetInfo(ana)));
        Assert.Equal(ErrorCodes.Unauthenticated, await AgencyKit.CodeOf(() => Group(AgencyKit.NewId("wg")).Create(new Caller("", ""), "x")));

        var longest = new string('g', 61);
        var created = await Group(longest).Create(hubAdmin, "Longest id");
        Assert.Equal("wg-" + longest, created.RoomId);
        await fixture.Grains.GetGrain<IRoomGrain>(created.RoomId).Join(hubAdmin);
    }
}
