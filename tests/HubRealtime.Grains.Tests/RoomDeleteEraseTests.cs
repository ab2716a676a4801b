namespace HubRealtime.Grains.Tests;

/// <summary>A delete erases the text of the message's earlier edits in the live room too, not only in storage.</summary>
[Collection(RoomClusterCollection.Name)]
public sealed class RoomDeleteEraseTests(RoomClusterFixture fixture)
{
    [Fact]
    public async Task Deleting_a_message_erases_its_edits_from_history_and_join_of_the_live_room()
    {
        var room = await TestRooms.CreateAsync(fixture.Grains);
        var sent = await room.Send(TestRooms.Ann, new(TestRooms.ClientId(), "draft"));
        await room.Edit(TestRooms.Ann, sent.Seq, "secret");
        await room.Edit(TestRooms.Ann, sent.Seq, "secret again");
        await room.Delete(TestRooms.Ann, sent.Seq);

        // No reactivation in between: this is the room's in-memory window.
        var after = (await room.GetHistoryAfter(TestRooms.Bo, 0, 50)).Events;
        var before = (await room.GetHistoryBefore(TestRooms.Bo, 0, 50)).Events;
        var joined = (await room.Join(TestRooms.Bo)).Events;

        Assert.Equal(4, after.Count);
        foreach (var events in new[] { after, before, joined })
        {
            Assert.All(events, e => Assert.DoesNotContain("secret", e.Text()));
            Assert.All(events.Where(e => e.Kind == Abstractions.Rooms.RoomEventKind.Edit), e => Assert.Equal("", e.Text()));
        }
    }
}
