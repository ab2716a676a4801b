using System.Globalization;
using Microsoft.Data.Sqlite;

namespace HubRealtime.Grains.Storage.Sqlite;

/// <summary>
/// Orleans reminders on the embedded store (table <c>reminder</c>, created here if missing): one row per
/// (grain, reminder name) with the grain's uniform hash, so a silo reads the reminders of its ring range
/// with one indexed query. ETags are random per write; a remove with a stale ETag removes nothing.
/// </summary>
public sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS reminder (
            grain_id TEXT NOT NULL,
            name TEXT NOT NULL,
            grain_hash INTEGER NOT NULL,
            start_at_ticks INTEGER NOT NULL,
            period_ticks INTEGER NOT NULL,
            etag TEXT NOT NULL,
            PRIMARY KEY (grain_id, name)
        );
        CREATE INDEX IF NOT EXISTS reminder_by_hash ON reminder (grain_hash);
        """;

    private const string Columns = "grain_id, name, start_at_ticks, period_ticks, etag";

    private Task? _schema;

    public Task StartAsync(CancellationToken cancellationToken = default) =>
        database.WriteAsync(connection => Execute(connection, Schema, _ => { }), cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Read($"SELECT {Columns} FROM reminder WHERE grain_id = $grain", c => c.Parameters.AddWithValue("$grain", grainId.ToString()));

    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        // Orleans' ring ranges: (begin, end], wrapping around when begin >= end (begin == end: the whole ring).
        var sql = begin < end
            ? $"SELECT {Columns} FROM reminder WHERE grain_hash > $begin AND grain_hash <= $end"
            : $"SELECT {Columns} FROM reminder WHERE grain_hash > $begin OR grain_hash <= $end";
        return Read(sql, c =>
        {
            c.Parameters.AddWithValue("$begin", (long)begin);
            c.Parameters.AddWithValue("$end", (long)end);
        });
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await Read($"SELECT {Columns} FROM reminder WHERE grain_id = $grain AND name = $name", c =>
        {
            c.Parameters.AddWithValue("$grain", grainId.ToString());
            c.Parameters.AddWithValue("$name", reminderName);
        });
        return rows.Reminders.Count > 0 ? rows.Reminders[0] : null;
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        await EnsureSchemaAsync();
        var etag = Guid.NewGuid().ToString("N");
        await database.WriteAsync(connection => Execute(connection, """
            INSERT INTO reminder (grain_id, name, grain_hash, start_at_ticks, period_ticks, etag)
            VALUES ($grain, $name, $hash, $start, $period, $etag)
            ON CONFLICT (grain_id, name) DO UPDATE SET
                start_at_ticks = excluded.start_at_ticks, period_ticks = excluded.period_ticks, etag = excluded.etag
            """, c =>
        {
            c.Parameters.AddWithValue("$grain", entry.GrainId.ToString());
            c.Parameters.AddWithValue("$name", entry.ReminderName);
            c.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
            c.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime().Ticks);
            c.Parameters.AddWithValue("$period", entry.Period.Ticks);
            c.Parameters.AddWithValue("$etag", etag);
        }));
        entry.ETag = etag;
        return etag;
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        await EnsureSchemaAsync();
        return await database.WriteAsync(connection => Execute(connection,
            "DELETE FROM reminder WHERE grain_id = $grain AND name = $name AND etag = $etag", c =>
            {
                c.Parameters.AddWithValue("$grain", grainId.ToString());
                c.Parameters.AddWithValue("$name", reminderName);
                c.Parameters.AddWithValue("$etag", eTag);
            }) > 0);
    }

    public async Task TestOnlyClearTable()
    {
        await EnsureSchemaAsync();
        await database.WriteAsync(connection => Execute(connection, "DELETE FROM reminder", _ => { }));
    }

    private async Task<ReminderTableData> Read(string sql, Action<SqliteCommand> bind)
    {
        await EnsureSchemaAsync();
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var entries = new List<ReminderEntry>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }
        return new ReminderTableData(entries);
    }

    /// <summary>Reads may come before the silo lifecycle started the table (tests, tools): create it once first.</summary>
    private Task EnsureSchemaAsync() => _schema ??= StartAsync();

    private static int Execute(SqliteConnection connection, string sql, Action<SqliteCommand> bind)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        return command.ExecuteNonQuery();
    }
}
