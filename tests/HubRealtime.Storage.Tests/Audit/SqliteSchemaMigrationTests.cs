using HubRealtime.Abstractions.Audit;
using HubRealtime.Grains.Audit;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Testing;
using Microsoft.Data.Sqlite;

namespace HubRealtime.Storage.Tests.Audit;

/// <summary>The embedded schema's versions: a database of version 1 (before the audit log) upgrades in place.</summary>
public sealed class SqliteSchemaMigrationTests : IDisposable
{
    private readonly TempDirectory _directory = new("hubrealtime-schema");

    private string DatabaseFile => Path.Combine(_directory.Path, SqliteDatabase.FileName);

    public void Dispose() => _directory.Dispose();

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_new_database_is_created_at_version_2_with_the_audit_log()
    {
        await using (var database = new SqliteDatabase(_directory.Path))
        {
            var store = new SqliteAuditStore(database);
            var entry = AuditChain.Next(AuditScope.Hub, AuditChain.Genesis, DateTimeOffset.UnixEpoch, new AuditEvent("a", "sign-in", "a", ""));
            await store.AppendAsync(AuditScope.Hub, [entry]);
        }

        Assert.Equal(6, Scalar("PRAGMA user_version")); // version 6: notes' snapshots
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'note_snapshot'"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM audit_entry"));
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'"));
    }

    [Fact]
    public async Task A_version_1_database_upgrades_and_keeps_its_data()
    {
        // Exactly what version 1 created (the foundation release), with one chat message and one grain state.
        LegacySqliteDatabase.Create(DatabaseFile, userVersion: 1, """
            INSERT INTO grain_state VALUES ('hub', 'room', 'room/plenary', 3, x'0102');
            INSERT INTO chat_message VALUES ('plenary', 1, 'c-1', 'ann@agency.example', 'Ann', 'hello', 638000000000000000);
            """);

        await using (var database = new SqliteDatabase(_directory.Path))
        {
            var store = new SqliteAuditStore(database);
            Assert.Null(await store.GetHeadAsync(AuditScope.Hub));
            var entry = AuditChain.Next(AuditScope.Hub, AuditChain.Genesis, DateTimeOffset.UnixEpoch, new AuditEvent("a", "sign-in", "a", ""));
            await store.AppendAsync(AuditScope.Hub, [entry]);
            Assert.Equal(new AuditHead(1, entry.Hash), await store.GetHeadAsync(AuditScope.Hub));
        }

        Assert.Equal(6, Scalar("PRAGMA user_version")); // version 6: notes' snapshots
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM chat_message WHERE room_id = 'plenary' AND text = 'hello'"));
        Assert.Equal(3, Scalar("SELECT version FROM grain_state WHERE grain_id = 'room/plenary'"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM audit_entry"));

        // Opening again changes nothing.
        await using (new SqliteDatabase(_directory.Path))
        {
        }
        Assert.Equal(6, Scalar("PRAGMA user_version")); // version 6: notes' snapshots
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM audit_entry"));
    }
}
