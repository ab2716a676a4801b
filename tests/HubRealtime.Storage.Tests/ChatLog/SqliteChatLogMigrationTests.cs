using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Testing;
using Microsoft.Data.Sqlite;

namespace HubRealtime.Storage.Tests.ChatLog;

/// <summary>A chat log written before the room event stream (schema version 2) upgrades in place and keeps working.</summary>
public sealed class SqliteChatLogMigrationTests : IDisposable
{
    private readonly TempDirectory _directory = new("hubrealtime-chat-migration");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Messages_of_a_version_2_database_read_as_plain_messages_and_keep_their_idempotency()
    {
        var file = Path.Combine(_directory.Path, SqliteDatabase.FileName);
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // What versions 1 and 2 created for the chat log (the audit tables do not matter here).
            command.CommandText = """
                CREATE TABLE grain_state (
                    provider TEXT NOT NULL, state_name TEXT NOT NULL, grain_id TEXT NOT NULL,
                    version INTEGER NOT NULL, data BLOB NOT NULL,
                    PRIMARY KEY (provider, state_name, grain_id)) WITHOUT ROWID;
                CREATE TABLE chat_message (
                    room_id TEXT NOT NULL, seq INTEGER NOT NULL, client_message_id TEXT NOT NULL,
                    sender_id TEXT NOT NULL, sender_name TEXT NOT NULL, text TEXT NOT NULL, sent_at_ticks INTEGER NOT NULL,
                    PRIMARY KEY (room_id, seq)) WITHOUT ROWID;
                CREATE UNIQUE INDEX chat_message_client_id ON chat_message (room_id, sender_id, client_message_id);
                INSERT INTO chat_message VALUES ('plenary', 1, 'c-1', 'ann@agency.example', 'Ann', 'hello', 638000000000000000);
                PRAGMA user_version = 2;
                """;
            command.ExecuteNonQuery();
        }

        await using var database = new SqliteDatabase(_directory.Path);
        var store = new SqliteChatLogStore(database);
        var sentAt = new DateTimeOffset(638000000000000000, TimeSpan.Zero);
        var old = new ChatMessage("plenary", 1, "c-1", "ann@agency.example", "Ann", "hello", sentAt);

        Assert.Equal(old, Assert.Single(await store.ReadRangeAsync("plenary", 1, 10, 10)));
        Assert.Equal(old, await store.FindByClientMessageIdAsync("plenary", "ann@agency.example", "c-1"));
        await Assert.ThrowsAsync<ChatLogConflictException>(
            () => store.AppendAsync("plenary", [old with { Seq = 2, Text = "again" }]));
        var edited = old with { Text = "hello, all", EditedAt = sentAt.AddMinutes(1) };
        await store.ApplyAsync("plenary", new ChatMessage("plenary", 2, "", "ann@agency.example", "Ann", "hello, all", sentAt.AddMinutes(1), RoomEventKind.Edit, TargetSeq: 1), edited);
        Assert.Equal(edited, (await store.ReadRangeAsync("plenary", 1, 1, 1))[0]);
    }
}
