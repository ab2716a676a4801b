using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Testing;

namespace HubRealtime.Grains.Tests.Meetings;

/// <summary>The embedded reminder table: rows survive a reopen of the file, ring ranges (wrapping too), ETag-checked removal.</summary>
public sealed class SqliteReminderTableTests : IDisposable
{
    private readonly TempDirectory _data = new("hubrealtime-reminders");

    public void Dispose() => _data.Dispose();

    private static ReminderEntry Entry(GrainId grain, string name, int minutes) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2026, 11, 25, 10, minutes, 0, DateTimeKind.Utc),
        Period = TimeSpan.FromMinutes(1),
    };

    [Fact]
    public async Task Rows_are_stored_read_by_grain_and_range_and_removed_only_with_the_current_etag()
    {
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("meeting", $"mt-{i}")).ToList();
        await using (var db = new SqliteDatabase(_data.Path))
        {
            var table = new SqliteReminderTable(db);
            await table.StartAsync();
            foreach (var grain in grains)
            {
                Assert.NotNull(await table.UpsertRow(Entry(grain, "breakouts-deadline", 5)));
            }
        }

        await using var reopened = new SqliteDatabase(_data.Path);
        var store = new SqliteReminderTable(reopened);
        await store.StartAsync();
        var row = await store.ReadRow(grains[0], "breakouts-deadline");
        Assert.NotNull(row);
        Assert.Equal(grains[0], row.GrainId);
        Assert.Equal(new DateTime(2026, 11, 25, 10, 5, 0, DateTimeKind.Utc), row.StartAt);
        Assert.Equal(TimeSpan.FromMinutes(1), row.Period);
        Assert.Null(await store.ReadRow(grains[0], "other"));

        // Every row is in exactly one of two complementary ranges, the wrapping one included; begin == end is the whole ring.
        var split = grains[7].GetUniformHashCode();
        var inner = await store.ReadRows(0, split);
        var outer = await store.ReadRows(split, 0);
        Assert.Equal(grains.Count, inner.Reminders.Count + outer.Reminders.Count);
        Assert.All(inner.Reminders, r => Assert.InRange(r.GrainId.GetUniformHashCode(), 1u, split));
        Assert.Contains(inner.Reminders, r => r.GrainId == grains[7]);
        Assert.Equal(grains.Count, (await store.ReadRows(split, split)).Reminders.Count);

        // An update changes the ETag; removing with the old one removes nothing.
        var oldTag = row.ETag!;
        var newTag = await store.UpsertRow(Entry(grains[0], "breakouts-deadline", 9));
        Assert.NotEqual(oldTag, newTag);
        Assert.Single((await store.ReadRows(grains[0])).Reminders);
        Assert.False(await store.RemoveRow(grains[0], "breakouts-deadline", oldTag));
        Assert.True(await store.RemoveRow(grains[0], "breakouts-deadline", newTag!));
        Assert.Empty((await store.ReadRows(grains[0])).Reminders);
        await store.TestOnlyClearTable();
        Assert.Empty((await store.ReadRows(0, 0)).Reminders);
    }
}
