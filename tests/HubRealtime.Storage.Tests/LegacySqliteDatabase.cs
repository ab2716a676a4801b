using Microsoft.Data.Sqlite;

namespace HubRealtime.Storage.Tests;

/// <summary>An embedded database as an earlier release left it, to test that the schema upgrades in place.</summary>
internal static class LegacySqliteDatabase
{
    /// <summary>Exactly the tables version 1 (the foundation release) created; version 2 added only the audit log.</summary>
    private const string Version1Tables = """
        CREATE TABLE grain_state (
            provider TEXT NOT NULL, state_name TEXT NOT NULL, grain_id TEXT NOT NULL,
            version INTEGER NOT NULL, data BLOB NOT NULL,
            PRIMARY KEY (provider, state_name, grain_id)) WITHOUT ROWID;
        CREATE TABLE chat_message (
            room_id TEXT NOT NULL, seq INTEGER NOT NULL, client_message_id TEXT NOT NULL,
            sender_id TEXT NOT NULL, sender_name TEXT NOT NULL, text TEXT NOT NULL, sent_at_ticks INTEGER NOT NULL,
            PRIMARY KEY (room_id, seq)) WITHOUT ROWID;
        CREATE UNIQUE INDEX chat_message_client_id ON chat_message (room_id, sender_id, client_message_id);
        """;

    /// <summary>
    /// Exactly what version 3 (the room event stream, the release before typed events and the generic
    /// stream log) added to the chat log; the audit tables of version 2 do not matter to these tests.
    /// </summary>
    private const string Version3Changes = """
        ALTER TABLE chat_message ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE chat_message ADD COLUMN target_seq INTEGER;
        ALTER TABLE chat_message ADD COLUMN reply_to_seq INTEGER;
        ALTER TABLE chat_message ADD COLUMN notice_type TEXT;
        ALTER TABLE chat_message ADD COLUMN edited_at_ticks INTEGER;
        ALTER TABLE chat_message ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE chat_message ADD COLUMN reactions TEXT;
        DROP INDEX IF EXISTS chat_message_client_id;
        CREATE UNIQUE INDEX chat_message_client_id
            ON chat_message (room_id, sender_id, client_message_id) WHERE client_message_id <> '';
        CREATE INDEX chat_message_edits ON chat_message (room_id, target_seq) WHERE kind = 1;
        CREATE TABLE chat_purge (room_id TEXT NOT NULL PRIMARY KEY, purged_through INTEGER NOT NULL) WITHOUT ROWID;
        """;

    /// <summary>Creates <paramref name="file"/> as version 3 left it (the chat log's event columns) with <paramref name="rows"/>.</summary>
    public static void CreateVersion3(string file, string rows) => Create(file, userVersion: 3, $"{Version3Changes}\n{rows}");

    /// <summary>Creates <paramref name="file"/> with the version 1 tables and <paramref name="rows"/>, marked as schema <paramref name="userVersion"/>.</summary>
    public static void Create(string file, int userVersion, string rows)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"{Version1Tables}\n{rows}\nPRAGMA user_version = {userVersion};";
        command.ExecuteNonQuery();
    }
}
