using Azure.Data.Tables;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests.Meetings;

/// <summary>
/// An open breakout round survives a full server restart on each storage provider: its deadline is persisted and its
/// durable reminder is stored by the provider's reminder table (SQLite table "reminder", Azure table "HubReminders").
/// </summary>
public abstract class MeetingRestartTests
{
    protected abstract HubRealtimeServer StartServer();

    /// <summary>The names of the reminders stored for grains whose id contains <paramref name="key"/>.</summary>
    protected abstract Task<IReadOnlyList<string>> StoredRemindersAsync(string key);

    [Fact]
    public async Task An_open_round_and_its_durable_reminder_survive_a_restart_and_closing_drops_the_reminder()
    {
        var meetingId = "rs-" + Guid.NewGuid().ToString("N")[..12];
        TestUser admin, officer;
        BreakoutView opened;
        await using (var first = StartServer())
        {
            admin = await first.RegisterAsync("hubadmin", "Hub Admin", hubAdmin: true);
            officer = await first.RegisterAsync("officer", "Officer");
            var other = await first.RegisterAsync("officer", "Other Officer");
            var meeting = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IMeetingGrain>(meetingId);
            await meeting.Create(Caller(admin), new NewMeeting("Restart", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), "UTC",
                [new NewSession("s1", "Plenary")], [], [officer.Email, other.Email], [], []));
            await meeting.DraftBreakouts(Caller(admin), "s1", ["A", "B"]);
            await meeting.AssignBreakouts(Caller(admin), "s1", new BreakoutAssignment(AssignmentMode.Random, null, null, null));
            opened = await meeting.OpenBreakouts(Caller(admin), "s1", 60, [5]);
            Assert.Equal(["breakouts-deadline"], await StoredRemindersAsync(meetingId));
        }

        await using var second = StartServer();
        var again = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IMeetingGrain>(meetingId);
        var after = (await again.Get(Caller(officer))).Sessions[0].Breakouts;
        Assert.Equal(BreakoutPhase.Open, after.Phase);
        Assert.Equal(opened.Deadline, after.Deadline);
        Assert.Equal(opened.Rooms.Single(r => r.Members.Contains(officer.Email)).RoomId, after.MyRoomId);

        var closed = await again.CloseBreakouts(Caller(admin), "s1");
        Assert.Equal(BreakoutPhase.Closed, closed.Phase);
        Assert.Empty(await StoredRemindersAsync(meetingId));
    }

    private static Caller Caller(TestUser user) => new(user.Email, user.DisplayName);
}

public sealed class EmbeddedMeetingRestartTests : MeetingRestartTests, IDisposable
{
    private readonly TempDirectory _data = new("hubrealtime-meeting-restart");

    protected override HubRealtimeServer StartServer() => HubRealtimeServer.StartEmbedded(_data.Path);

    protected override async Task<IReadOnlyList<string>> StoredRemindersAsync(string key)
    {
        await using var database = new SqliteDatabase(_data.Path);
        var rows = await new SqliteReminderTable(database).ReadRows(0, 0);
        return [.. rows.Reminders.Where(r => r.GrainId.ToString().Contains(key, StringComparison.Ordinal)).Select(r => r.ReminderName)];
    }

    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureMeetingRestartTests(AzuriteFixture azurite) : MeetingRestartTests
{
    protected override HubRealtimeServer StartServer() => HubRealtimeServer.StartAzure(azurite.ConnectionString);

    protected override async Task<IReadOnlyList<string>> StoredRemindersAsync(string key)
    {
        var table = new TableClient(azurite.ConnectionString, "HubReminders");
        var names = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            if (entity.GetString("GrainReference") is { } grain && grain.Contains(key, StringComparison.Ordinal))
            {
                names.Add(entity.GetString("ReminderName") ?? "");
            }
        }
        return names;
    }
}
