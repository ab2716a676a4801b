using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Tests;

/// <summary>Issue 8 §1.6: the ownership check of a delete comes before "already deleted".</summary>
[Collection(RoomClusterCollection.Name)]
public sealed class MessageDeleteOwnershipTests(RoomClusterFixture fixture)
{
    private static readonly Caller Mod = new("mod@agency.example", "Mod");

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Deleting_someone_elses_already_deleted_message_is_forbidden_but_a_moderator_may_repeat()
    {
        var room = Grains.GetGrain<IRoomGrain>(TestRooms.NewId());
        await room.CreateRestricted(Caller.System, "Breakout", new RoomAccess("meeting:test", [TestRooms.Ann.UserId, TestRooms.Bo.UserId], [Mod.UserId]));
        var sent = await room.Send(TestRooms.Ann, new SendMessageRequest(TestRooms.ClientId(), "mine"));
        await room.Delete(TestRooms.Ann, sent.Seq);

        var error = await Assert.ThrowsAsync<HubRealtimeException>(() => room.Delete(TestRooms.Bo, sent.Seq));

        Assert.Equal(ErrorCodes.Forbidden, error.Code);
        Assert.Equal(0, (await room.Delete(TestRooms.Ann, sent.Seq)).Seq);
        Assert.Equal(0, (await room.Delete(Mod, sent.Seq)).Seq);
        Assert.Equal(2, (await room.Join(Mod)).LastSeq);
    }
}
