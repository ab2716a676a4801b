using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.WorkingGroups;
using HubRealtime.Grains.Tests.Agencies;
using HubRealtime.Grains.Tests.Meetings;

namespace HubRealtime.Grains.Tests;

/// <summary>Issue 8 §4: the join snapshot says what the caller may do, from the room's own state.</summary>
[Collection(RoomClusterCollection.Name)]
public sealed class RoomCapabilityTests(RoomClusterFixture fixture)
{
    private static readonly Caller Mod = new("mod@agency.example", "Mod");

    private IGrainFactory Grains => fixture.Grains;

    private static (bool Read, bool Write, bool Moderate, bool Muted, bool Closed, bool DeleteOwn) Shape(RoomCapabilities? c) =>
        c is null ? default : (c.Read, c.Write, c.Moderate, c.Muted, c.Closed, c.Has(RoomCapabilities.DeleteOwn));

    private static async Task<RoomCapabilities?> CapabilitiesAsync(IRoomGrain room, Caller who) => (await room.Join(who)).Capabilities;

    [Fact]
    public async Task Members_moderators_muted_and_closed_rooms_each_get_their_capabilities()
    {
        var room = Grains.GetGrain<IRoomGrain>(TestRooms.NewId());
        await room.CreateRestricted(Caller.System, "Breakout", new RoomAccess("meeting:test", [TestRooms.Ann.UserId, TestRooms.Bo.UserId], [Mod.UserId]));

        Assert.Equal((true, true, false, false, false, true), Shape(await CapabilitiesAsync(room, TestRooms.Ann)));
        Assert.Equal((true, true, true, false, false, true), Shape(await CapabilitiesAsync(room, Mod)));

        await room.Mute(Mod, TestRooms.Ann.UserId, true);
        // Muted: no writing, but one's own messages may still be deleted.
        Assert.Equal((true, false, false, true, false, true), Shape(await CapabilitiesAsync(room, TestRooms.Ann)));
        Assert.Equal((true, true, false, false, false, true), Shape(await CapabilitiesAsync(room, TestRooms.Bo)));

        await room.SetClosed(Caller.System, true);
        // Closed: read only, for everyone, moderators included.
        Assert.Equal((true, false, false, true, true, false), Shape(await CapabilitiesAsync(room, TestRooms.Ann)));
        Assert.Equal((true, false, false, false, true, false), Shape(await CapabilitiesAsync(room, TestRooms.Bo)));
        Assert.Equal((true, false, false, false, true, false), Shape(await CapabilitiesAsync(room, Mod)));

        await room.SetClosed(Caller.System, false);
        await room.Mute(Mod, TestRooms.Ann.UserId, false);
        Assert.Equal((true, true, false, false, false, true), Shape(await CapabilitiesAsync(room, TestRooms.Ann)));
    }

    [Fact]
    public async Task In_an_open_room_everyone_writes_and_nobody_moderates()
    {
        var room = await TestRooms.CreateAsync(Grains);

        Assert.Equal((true, true, false, false, false, true), Shape(await CapabilitiesAsync(room, TestRooms.Ann)));
        Assert.Equal((true, true, false, false, false, true), Shape(await CapabilitiesAsync(room, TestRooms.Bo)));
    }

    [Fact]
    public async Task Working_group_owners_and_meeting_facilitators_moderate_their_rooms()
    {
        var kit = new AgencyKit(Grains);
        var hubAdmin = await kit.HubAdminAsync();
        var agency = await kit.AgencyAsync(hubAdmin, "Agency C", "FR");
        var owner = await kit.UserAsync("Olga Owner", agency);
        var member = await kit.UserAsync("Mia Member", agency);
        var group = Grains.GetGrain<IWorkingGroupGrain>(AgencyKit.NewId("wg"));
        var info = await group.Create(owner, "Case 7");
        await group.AddMember(owner, member.UserId, GroupRole.Participant);
        var groupRoom = Grains.GetGrain<IRoomGrain>(info.RoomId);

        Assert.True((await CapabilitiesAsync(groupRoom, owner))!.Moderate);
        Assert.False((await CapabilitiesAsync(groupRoom, member))!.Moderate);

        var m = new MeetingKit(Grains);
        await m.CreateAsync(perCountry: 1);
        Assert.True((await CapabilitiesAsync(m.Room(m.Plenary), m.Facilitator))!.Moderate);
        Assert.False((await CapabilitiesAsync(m.Room(m.Plenary), m.Participants[0]))!.Moderate);
        Assert.True((await CapabilitiesAsync(m.Room(MeetingIds.Facilitators(m.MeetingId, MeetingKit.SessionId)), m.Facilitator))!.Moderate);
    }
}
