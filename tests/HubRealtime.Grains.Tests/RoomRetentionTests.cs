using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace HubRealtime.Grains.Tests;

/// <summary>Retention: expired events are really deleted from storage by the room's timer, on the fake clock.</summary>
[Collection(RoomClusterCollection.Name)]
public sealed class RoomRetentionTests(RoomClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private long RawCount(string sql, string roomId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(fixture.DataDirectory, SqliteDatabase.FileName),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$room", roomId);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits (with a bound) for the timer's purge: each status call awaits a purge in progress.</summary>
    private static async Task<RoomRetentionStatus> PurgedAtAsync(IRoomGrain room, DateTimeOffset at)
    {
        // Each check is a grain call (no sleeping). An Orleans grain timer re-arms only once its previous tick
        // is done, so a tick still running when the clock jumped is due again one period after that: move the
        // clock on in one-minute steps (30 at most, less than any retention here) until the purge has run.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        for (var step = 0; ; step++)
        {
            var status = await room.GetRetentionStatus(Caller.System);
            if (status.LastPurgeAt >= at)
            {
                return status;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The purge timer did not run.");
            }
            if (step < 30)
            {
                RoomClusterFixture.Clock.Advance(TimeSpan.FromMinutes(1));
            }
            await Task.Yield();
        }
    }

    [Fact]
    public async Task Expired_messages_and_their_index_entries_are_deleted_by_the_timer()
    {
        var roomId = TestRooms.NewId();
        var room = Grains.GetGrain<IRoomGrain>(roomId);
        await room.Create(TestRooms.Ann, "Retained");
        await room.SetRetention(Caller.System, TimeSpan.FromHours(1));
        var old = await room.Send(TestRooms.Ann, new SendMessageRequest("old-1", "old news"));
        await room.Edit(TestRooms.Ann, old.Seq, "old news, edited");
        RoomClusterFixture.Clock.Advance(TimeSpan.FromMinutes(55));
        var fresh = await room.Send(TestRooms.Bo, new SendMessageRequest("new-1", "fresh"));

        RoomClusterFixture.Clock.Advance(TimeSpan.FromMinutes(10)); // the old ones are 65 minutes old, a tick is due
        var status = await PurgedAtAsync(room, RoomClusterFixture.Clock.GetUtcNow());

        Assert.Equal(2, status.PurgedEvents);
        Assert.Equal(0, RawCount("SELECT COUNT(*) FROM chat_message WHERE room_id = $room AND seq < 3", roomId));
        Assert.Equal(0, RawCount("SELECT COUNT(*) FROM chat_message INDEXED BY chat_message_client_id WHERE room_id = $room AND sender_id = 'ann@agency.example' AND client_message_id = 'old-1' AND client_message_id <> ''", roomId));
        Assert.Equal(1, RawCount("SELECT COUNT(*) FROM chat_message WHERE room_id = $room", roomId));
        var page = await room.GetHistoryAfter(TestRooms.Ann, 0, 10);
        Assert.Equal(fresh.Seq, Assert.Single(page.Events).Seq);
        Assert.Equal(fresh.Seq, Assert.Single((await room.Join(TestRooms.Ann)).Events).Seq);
        // A client resuming from before the purge gets the first events left, not an empty page.
        Assert.Equal(fresh.Seq, Assert.Single((await room.GetHistoryAfter(TestRooms.Bo, 0, 1)).Events).Seq);
        Assert.Equal(ErrorCodes.MessageNotFound, (await Assert.ThrowsAsync<HubRealtimeException>(() => room.Edit(TestRooms.Ann, old.Seq, "x"))).Code);

        // Everything expires: the sequence still continues where it was, also after reactivation.
        RoomClusterFixture.Clock.Advance(TimeSpan.FromMinutes(60));
        await PurgedAtAsync(room, RoomClusterFixture.Clock.GetUtcNow());
        Assert.Equal(0, RawCount("SELECT COUNT(*) FROM chat_message WHERE room_id = $room", roomId));
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(4, (await room.Send(TestRooms.Ann, new SendMessageRequest("next", "next"))).Seq);
    }

    [Fact]
    public async Task A_durable_reminder_wakes_an_idle_room_to_purge_it()
    {
        var roomId = TestRooms.NewId();
        var room = Grains.GetGrain<IRoomGrain>(roomId);
        await room.Create(TestRooms.Ann, "Idle");
        await room.SetRetention(Caller.System, TimeSpan.FromMinutes(30));
        await room.Send(TestRooms.Ann, new SendMessageRequest("idle-1", "said once"));
        Assert.Equal(1, RawCount($"SELECT COUNT(*) FROM reminder WHERE name = 'retention-purge' AND grain_id LIKE '%{roomId}'", roomId));
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        // Nothing calls the room from here on: only the reminder can wake it. Time moves in steps so the
        // reminder service's refresh and tick (both on the fake clock) each get their turn; each check
        // reads the database directly, so it activates nothing.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var moved = TimeSpan.Zero;
        while (RawCount("SELECT COUNT(*) FROM chat_message WHERE room_id = $room", roomId) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The retention reminder did not wake the room.");
            if (moved < TimeSpan.FromHours(24))
            {
                RoomClusterFixture.Clock.Advance(TimeSpan.FromSeconds(30));
                moved += TimeSpan.FromSeconds(30);
            }
            await Task.Yield();
        }
        Assert.Equal(1, (await room.GetRetentionStatus(Caller.System)).PurgedEvents);
    }

    [Fact]
    public async Task Retention_is_system_only_and_bounded()
    {
        var room = await TestRooms.CreateAsync(Grains);
        var roomId = room.GetPrimaryKeyString();

        Assert.Equal(ErrorCodes.Forbidden, (await Assert.ThrowsAsync<HubRealtimeException>(() => room.SetRetention(TestRooms.Ann, TimeSpan.FromDays(1)))).Code);
        Assert.Equal(ErrorCodes.InvalidArgument, (await Assert.ThrowsAsync<HubRealtimeException>(() => room.SetRetention(Caller.System, TimeSpan.FromSeconds(1)))).Code);
        await room.SetRetention(Caller.System, TimeSpan.FromDays(30));
        Assert.Equal(TimeSpan.FromDays(30), (await room.GetRetentionStatus(Caller.System)).Retention);
        await room.SetRetention(Caller.System, null);
        Assert.Null((await room.GetRetentionStatus(Caller.System)).Retention);
        Assert.Equal(0, RawCount($"SELECT COUNT(*) FROM reminder WHERE grain_id LIKE '%{roomId}'", roomId)); // no wake-ups for nothing
    }
}
