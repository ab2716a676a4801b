using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Testing;

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
        // What versions 1 and 2 created for the chat log (the audit tables do not matter here).
        LegacySqliteDatabase.Create(file, userVersion: 2, """
            INSERT INTO chat_message VALUES ('plenary', 1, 'c-1', 'ann@agency.example', 'Ann', 'hello', 638000000000000000);
            """);

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
