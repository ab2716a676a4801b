using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Testing;
using Microsoft.Data.Sqlite;

namespace HubRealtime.Storage.Tests.TypedEvents;

/// <summary>An embedded data file written by the release before typed events (schema 3) opens, upgrades and reads typed.</summary>
public sealed class SqliteTypedEventMigrationTests : IDisposable
{
    private readonly TempDirectory _directory = new("hubrealtime-typed-migration");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_kind_of_event_of_a_version_3_file_reads_as_its_typed_event_and_the_log_keeps_working()
    {
        var file = Path.Combine(_directory.Path, SqliteDatabase.FileName);
        var t = LegacyRoomEvents.At.UtcTicks;
        var minute = TimeSpan.TicksPerMinute;
        LegacySqliteDatabase.CreateVersion3(file, $$"""
            INSERT INTO chat_message VALUES ('plenary', 1, 'c-1', 'ann@agency.example', 'Ann', 'hello, all', {{t}}, 0, NULL, NULL, NULL, {{t + 2 * minute}}, 0, '[{"E":"👍","U":["bo@agency.example"]}]');
            INSERT INTO chat_message VALUES ('plenary', 2, 'c-2', 'bo@agency.example', 'Bo', '', {{t + minute}}, 0, NULL, 1, NULL, NULL, 1, NULL);
            INSERT INTO chat_message VALUES ('plenary', 3, '', 'ann@agency.example', 'Ann', 'hello, all', {{t + 2 * minute}}, 1, 1, NULL, NULL, {{t + 2 * minute}}, 0, NULL);
            INSERT INTO chat_message VALUES ('plenary', 4, '', 'bo@agency.example', 'Bo', '👍', {{t + 3 * minute}}, 3, 1, NULL, NULL, NULL, 0, '[{"E":"👍","U":["bo@agency.example"]}]');
            INSERT INTO chat_message VALUES ('plenary', 5, '', 'bo@agency.example', 'Bo', '', {{t + 4 * minute}}, 2, 2, NULL, NULL, NULL, 1, NULL);
            INSERT INTO chat_message VALUES ('plenary', 6, '', 'fac@agency.example', 'Fac', '{{LegacyRoomEvents.OpenedJson}}', {{t + 5 * minute}}, 4, NULL, NULL, 'breakouts.opened', NULL, 0, NULL);
            INSERT INTO chat_message VALUES ('plenary', 7, '', 'mod@agency.example', 'Mod', '{"userId":"bo@agency.example","muted":true}', {{t + 6 * minute}}, 4, NULL, NULL, 'participant.muted', NULL, 0, NULL);
            INSERT INTO chat_message VALUES ('plenary', 8, '', '#system', '', '{"a":1}', {{t + 7 * minute}}, 4, NULL, NULL, 'custom.thing', NULL, 0, NULL);
            INSERT INTO chat_message VALUES ('plenary', 9, '', '#system', '', '{}', {{t + 8 * minute}}, 4, NULL, NULL, 'breakouts.closing', NULL, 0, NULL);
            """);

        await using (var database = new SqliteDatabase(_directory.Path))
        {
            var store = new SqliteChatLogStore(database);
            Assert.Equal(9, await store.GetLastSeqAsync(LegacyRoomEvents.Room));
            LegacyRoomEvents.AssertTyped(await store.ReadRangeAsync(LegacyRoomEvents.Room, 1, 100, 100));

            // The old idempotency index still answers, and the log takes new events after the old ones.
            Assert.Equal(1, (await store.FindByClientMessageIdAsync(LegacyRoomEvents.Room, "ann@agency.example", "c-1"))!.Seq);
            var after = new ChatMessage(LegacyRoomEvents.Room, 10, "c-3", "ann@agency.example", "Ann", "after", LegacyRoomEvents.At.AddHours(1),
                Mentions: ["bo@agency.example"]) { MessageNo = 1 };
            await store.AppendAsync(LegacyRoomEvents.Room, [after]);
            Assert.Equal(10, await store.GetLastSeqAsync(LegacyRoomEvents.Room));

            // Rows from before mentions and the message counter read back without them (version 5 adds both).
            var all = await store.ReadRangeAsync(LegacyRoomEvents.Room, 1, 100, 100);
            Assert.All(all.Take(9), row => Assert.Equal((0L, 0), (row.MessageNo, row.Mentions.Count)));
            Assert.Equal(after, all[^1]);
        }

        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT user_version FROM pragma_user_version) || ':' || (SELECT COUNT(*) FROM sqlite_master WHERE name = 'stream_event')";
        Assert.Equal("6:1", command.ExecuteScalar());
    }
}
