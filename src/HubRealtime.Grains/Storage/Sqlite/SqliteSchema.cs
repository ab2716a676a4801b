using Microsoft.Data.Sqlite;

namespace HubRealtime.Grains.Storage.Sqlite;

/// <summary>Creates and migrates the embedded database; <c>PRAGMA user_version</c> records the schema version.</summary>
internal static class SqliteSchema
{
    private const int CurrentVersion = 6;

    public static void Apply(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database {connection.DataSource} has schema version {version}, newer than this build understands ({CurrentVersion}).");
        }
        if (version == CurrentVersion)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        command.Transaction = transaction;
        if (version < 1)
        {
            command.CommandText = Version1;
            command.ExecuteNonQuery();
        }
        if (version < 2)
        {
            command.CommandText = Version2;
            command.ExecuteNonQuery();
        }
        if (version < 3)
        {
            command.CommandText = Version3;
            command.ExecuteNonQuery();
        }
        if (version < 4)
        {
            command.CommandText = Version4;
            command.ExecuteNonQuery();
        }
        if (version < 5)
        {
            command.CommandText = Version5;
            command.ExecuteNonQuery();
        }
        if (version < 6)
        {
            command.CommandText = Version6;
            command.ExecuteNonQuery();
        }
        command.CommandText = $"PRAGMA user_version = {CurrentVersion}";
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private const string Version1 = """
            CREATE TABLE IF NOT EXISTS grain_state (
                provider   TEXT    NOT NULL,
                state_name TEXT    NOT NULL,
                grain_id   TEXT    NOT NULL,
                version    INTEGER NOT NULL,
                data       BLOB    NOT NULL,
                PRIMARY KEY (provider, state_name, grain_id)
            ) WITHOUT ROWID;

            -- The chat log: one row per message, keyed by room and sequence, so an append or a page
            -- read touches a few B-tree pages whatever the room's history.
            CREATE TABLE IF NOT EXISTS chat_message (
                room_id           TEXT    NOT NULL,
                seq               INTEGER NOT NULL,
                client_message_id TEXT    NOT NULL,
                sender_id         TEXT    NOT NULL,
                sender_name       TEXT    NOT NULL,
                text              TEXT    NOT NULL,
                sent_at_ticks     INTEGER NOT NULL,
                PRIMARY KEY (room_id, seq)
            ) WITHOUT ROWID;

            -- The idempotency index: a sender's client message id is stored once per room.
            CREATE UNIQUE INDEX IF NOT EXISTS chat_message_client_id
                ON chat_message (room_id, sender_id, client_message_id);
            """;

    private const string Version2 = """
            -- The audit log: one row per entry, keyed by scope and sequence; insert-only. The triggers
            -- refuse every UPDATE and DELETE, so no code path can change an entry by mistake (someone with
            -- the file can drop them: the hash chain, not the schema, is what detects tampering).
            CREATE TABLE IF NOT EXISTS audit_entry (
                scope         TEXT    NOT NULL,
                seq           INTEGER NOT NULL,
                at_ticks      INTEGER NOT NULL,
                actor         TEXT    NOT NULL,
                action        TEXT    NOT NULL,
                target        TEXT    NOT NULL,
                details       TEXT    NOT NULL,
                previous_hash TEXT    NOT NULL,
                hash          TEXT    NOT NULL,
                PRIMARY KEY (scope, seq)
            ) WITHOUT ROWID;

            CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry
            BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;

            CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_entry
            BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
            """;

    private const string Version3 = """
            -- The room event stream: besides messages, the log holds edits, deletes, reactions and notices.
            -- A message row keeps its current state (edited text, deleted flag, reactions as JSON).
            ALTER TABLE chat_message ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE chat_message ADD COLUMN target_seq INTEGER;
            ALTER TABLE chat_message ADD COLUMN reply_to_seq INTEGER;
            ALTER TABLE chat_message ADD COLUMN notice_type TEXT;
            ALTER TABLE chat_message ADD COLUMN edited_at_ticks INTEGER;
            ALTER TABLE chat_message ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE chat_message ADD COLUMN reactions TEXT;

            -- Events other than messages have no client message id: index only the ones that do.
            DROP INDEX IF EXISTS chat_message_client_id;
            CREATE UNIQUE INDEX IF NOT EXISTS chat_message_client_id
                ON chat_message (room_id, sender_id, client_message_id) WHERE client_message_id <> '';

            -- The edits of a message, so that deleting it erases their text without a scan.
            CREATE INDEX IF NOT EXISTS chat_message_edits
                ON chat_message (room_id, target_seq) WHERE kind = 1;

            -- The last sequence a retention purge removed, so the sequence stays dense when it removed everything.
            CREATE TABLE IF NOT EXISTS chat_purge (
                room_id        TEXT    NOT NULL PRIMARY KEY,
                purged_through INTEGER NOT NULL
            ) WITHOUT ROWID;
            """;

    private const string Version4 = """
            -- Ordered streams other than the chat log (a note's ops, a poll's events): one row per event,
            -- keyed by kind of stream, stream id and sequence; the body is the event as the kind's codec wrote it.
            CREATE TABLE IF NOT EXISTS stream_event (
                stream_kind TEXT    NOT NULL,
                stream_id   TEXT    NOT NULL,
                seq         INTEGER NOT NULL,
                sender_id   TEXT    NOT NULL,
                client_key  TEXT    NOT NULL,
                at_ticks    INTEGER NOT NULL,
                body        TEXT    NOT NULL,
                PRIMARY KEY (stream_kind, stream_id, seq)
            ) WITHOUT ROWID;

            -- The idempotency index: a sender's client key is stored once per stream.
            CREATE UNIQUE INDEX IF NOT EXISTS stream_event_client_key
                ON stream_event (stream_kind, stream_id, sender_id, client_key) WHERE client_key <> '';
            """;

    private const string Version5 = """
            -- Structured mentions (a JSON array of user ids, null for none) and the room's running message
            -- counter through each event (0 on rows written before it), for O(1) unread counts.
            ALTER TABLE chat_message ADD COLUMN mentions TEXT;
            ALTER TABLE chat_message ADD COLUMN message_no INTEGER NOT NULL DEFAULT 0;
            """;

    private const string Version6 = """
            -- Notes' snapshots: the document at every snapshot interval, so that opening a note, or reading it
            -- as it was at any revision, reads one row and at most an interval of ops, never the whole op log.
            CREATE TABLE IF NOT EXISTS note_snapshot (
                note_id TEXT    NOT NULL,
                rev     INTEGER NOT NULL,
                body    TEXT    NOT NULL,
                PRIMARY KEY (note_id, rev)
            ) WITHOUT ROWID;
            """;
}
