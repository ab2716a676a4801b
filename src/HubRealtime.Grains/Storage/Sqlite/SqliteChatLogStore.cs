using HubRealtime.Abstractions.Rooms;
using Microsoft.Data.Sqlite;

namespace HubRealtime.Grains.Storage.Sqlite;

/// <summary>
/// The chat log on the embedded database: a row per event, keyed by (room, seq). A message row holds
/// its current state; edits, deletes and reactions update it in the same write as their own row.
/// </summary>
public sealed class SqliteChatLogStore(SqliteDatabase database) : IChatLogStore
{
    private const int SqliteConstraintError = 19;

    private const string Columns = """
        room_id, seq, client_message_id, sender_id, sender_name, text, sent_at_ticks,
        kind, target_seq, reply_to_seq, notice_type, edited_at_ticks, deleted, reactions, mentions, message_no
        """;

    /// <summary>Large enough that a busy room empties its queue in one commit; bounded to keep one write short.</summary>
    public int MaxBatchSize => 500;

    public Task<long> GetLastSeqAsync(string roomId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        // Both served by primary keys: a descent of one B-tree path each, not a scan. The purge mark
        // keeps the sequence when retention removed every row.
        command.CommandText = """
            SELECT MAX(
                COALESCE((SELECT MAX(seq) FROM chat_message WHERE room_id = $room), 0),
                COALESCE((SELECT purged_through FROM chat_purge WHERE room_id = $room), 0))
            """;
        command.Parameters.AddWithValue("$room", roomId);
        return Task.FromResult(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task AppendAsync(string roomId, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default)
    {
        if (messages.Count == 0)
        {
            return;
        }
        try
        {
            await database.WriteAsync(connection => Insert(connection, roomId, messages), cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SqliteConstraintError)
        {
            throw new ChatLogConflictException(
                $"Room '{roomId}': a sequence or client message id in the batch is already stored.", error);
        }
    }

    public async Task ApplyAsync(string roomId, ChatMessage change, ChatMessage target, CancellationToken cancellationToken = default)
    {
        if (change.Kind is not (RoomEventKind.Edit or RoomEventKind.Delete or RoomEventKind.Reaction) || change.TargetSeq != target.Seq
            || change.ClientMessageId.Length != 0 || target.RoomId != roomId)
        {
            throw new ArgumentException("A change is an Edit, Delete or Reaction without client message id, applied to its own target.", nameof(change));
        }
        try
        {
            await database.WriteAsync(connection => Apply(connection, roomId, change, target), cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SqliteConstraintError)
        {
            throw new ChatLogConflictException($"Room '{roomId}': sequence {change.Seq} is already stored.", error);
        }
    }

    private static int Apply(SqliteConnection connection, string roomId, ChatMessage change, ChatMessage target)
    {
        if (change.Kind == RoomEventKind.Edit && CountEdits(connection, roomId, target.Seq) >= ChatLimits.MaxEditsPerMessage)
        {
            throw new ChatLogLimitException($"A message can be edited at most {ChatLimits.MaxEditsPerMessage} times.");
        }
        Insert(connection, roomId, [change]);
        using var update = connection.CreateCommand();
        update.CommandText = """
            UPDATE chat_message
            SET text = $text, edited_at_ticks = $edited, deleted = $deleted, reactions = $reactions
            WHERE room_id = $room AND seq = $seq
            """;
        update.Parameters.AddWithValue("$room", roomId);
        update.Parameters.AddWithValue("$seq", target.Seq);
        update.Parameters.AddWithValue("$text", target.Text);
        update.Parameters.AddWithValue("$edited", (object?)target.EditedAt?.UtcTicks ?? DBNull.Value);
        update.Parameters.AddWithValue("$deleted", target.Deleted ? 1 : 0);
        update.Parameters.AddWithValue("$reactions", (object?)ReactionCodec.Encode(target.Reactions) ?? DBNull.Value);
        if (update.ExecuteNonQuery() != 1)
        {
            // Thrown inside the write: the savepoint rolls back the inserted event too.
            throw new ChatLogConflictException($"Room '{roomId}': message {target.Seq} is not stored.");
        }
        if (change.Kind == RoomEventKind.Delete)
        {
            using var erase = connection.CreateCommand();
            erase.CommandText = "UPDATE chat_message SET text = '' WHERE room_id = $room AND kind = 1 AND target_seq = $seq";
            erase.Parameters.AddWithValue("$room", roomId);
            erase.Parameters.AddWithValue("$seq", target.Seq);
            erase.ExecuteNonQuery();
        }
        return 1;
    }

    private static long CountEdits(SqliteConnection connection, string roomId, long seq)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM chat_message WHERE room_id = $room AND kind = 1 AND target_seq = $seq";
        command.Parameters.AddWithValue("$room", roomId);
        command.Parameters.AddWithValue("$seq", seq);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int Insert(SqliteConnection connection, string roomId, IReadOnlyList<ChatMessage> messages)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO chat_message ({Columns})
            VALUES ($room, $seq, $client, $sender, $name, $text, $sent, $kind, $target, $reply, $notice, $edited, $deleted, $reactions, $mentions, $messageNo)
            """;
        command.Parameters.AddWithValue("$room", roomId);
        var seq = command.Parameters.Add("$seq", SqliteType.Integer);
        var client = command.Parameters.Add("$client", SqliteType.Text);
        var sender = command.Parameters.Add("$sender", SqliteType.Text);
        var name = command.Parameters.Add("$name", SqliteType.Text);
        var text = command.Parameters.Add("$text", SqliteType.Text);
        var sent = command.Parameters.Add("$sent", SqliteType.Integer);
        var kind = command.Parameters.Add("$kind", SqliteType.Integer);
        var target = command.Parameters.Add("$target", SqliteType.Integer);
        var reply = command.Parameters.Add("$reply", SqliteType.Integer);
        var notice = command.Parameters.Add("$notice", SqliteType.Text);
        var edited = command.Parameters.Add("$edited", SqliteType.Integer);
        var deleted = command.Parameters.Add("$deleted", SqliteType.Integer);
        var reactions = command.Parameters.Add("$reactions", SqliteType.Text);
        var mentions = command.Parameters.Add("$mentions", SqliteType.Text);
        var messageNo = command.Parameters.Add("$messageNo", SqliteType.Integer);
        command.Prepare();
        foreach (var message in messages)
        {
            if (message.RoomId != roomId)
            {
                throw new ArgumentException($"Message {message.Seq} belongs to room '{message.RoomId}', not '{roomId}'.");
            }
            seq.Value = message.Seq;
            client.Value = message.ClientMessageId;
            sender.Value = message.SenderId;
            name.Value = message.SenderName;
            text.Value = message.Text;
            sent.Value = message.SentAt.UtcTicks;
            kind.Value = (int)message.Kind;
            target.Value = (object?)message.TargetSeq ?? DBNull.Value;
            reply.Value = (object?)message.ReplyToSeq ?? DBNull.Value;
            notice.Value = (object?)message.NoticeType ?? DBNull.Value;
            edited.Value = (object?)message.EditedAt?.UtcTicks ?? DBNull.Value;
            deleted.Value = message.Deleted ? 1 : 0;
            reactions.Value = (object?)ReactionCodec.Encode(message.Reactions) ?? DBNull.Value;
            mentions.Value = (object?)MentionCodec.Encode(message.Mentions) ?? DBNull.Value;
            messageNo.Value = message.MessageNo;
            command.ExecuteNonQuery();
        }
        return messages.Count;
    }

    public async Task<int> PurgeBeforeAsync(string roomId, DateTimeOffset cutoff, int maxRows, CancellationToken cancellationToken = default)
    {
        if (maxRows <= 0)
        {
            return 0;
        }
        return await database.WriteAsync(connection => Purge(connection, roomId, cutoff.UtcTicks, maxRows), cancellationToken).ConfigureAwait(false);
    }

    private static int Purge(SqliteConnection connection, string roomId, long cutoffTicks, int maxRows)
    {
        // The oldest rows come first in the primary key, and purged rows are gone: this reads at most maxRows rows.
        long through = 0;
        using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT seq, sent_at_ticks FROM chat_message WHERE room_id = $room ORDER BY seq LIMIT $limit";
            select.Parameters.AddWithValue("$room", roomId);
            select.Parameters.AddWithValue("$limit", maxRows);
            using var reader = select.ExecuteReader();
            // Stop at the first event young enough to keep: a purge removes a prefix of the log.
            while (reader.Read() && reader.GetInt64(1) < cutoffTicks)
            {
                through = reader.GetInt64(0);
            }
        }
        if (through == 0)
        {
            return 0;
        }
        using var mark = connection.CreateCommand();
        mark.CommandText = """
            INSERT INTO chat_purge (room_id, purged_through) VALUES ($room, $through)
                ON CONFLICT (room_id) DO UPDATE SET purged_through = MAX(purged_through, excluded.purged_through)
            """;
        mark.Parameters.AddWithValue("$room", roomId);
        mark.Parameters.AddWithValue("$through", through);
        mark.ExecuteNonQuery();
        // Deleting the rows deletes their entries in the client message id and edit indexes too.
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM chat_message WHERE room_id = $room AND seq <= $through";
        delete.Parameters.AddWithValue("$room", roomId);
        delete.Parameters.AddWithValue("$through", through);
        return delete.ExecuteNonQuery();
    }

    public Task<IReadOnlyList<ChatMessage>> ReadRangeAsync(string roomId, long fromSeq, long toSeq, int limit, CancellationToken cancellationToken = default)
    {
        var result = new List<ChatMessage>();
        if (limit <= 0 || toSeq < fromSeq)
        {
            return Task.FromResult<IReadOnlyList<ChatMessage>>(result);
        }
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns}
            FROM chat_message
            WHERE room_id = $room AND seq BETWEEN $from AND $to
            ORDER BY seq
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$room", roomId);
        command.Parameters.AddWithValue("$from", fromSeq);
        command.Parameters.AddWithValue("$to", toSeq);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(ReadMessage(reader));
        }
        return Task.FromResult<IReadOnlyList<ChatMessage>>(result);
    }

    public Task<ChatMessage?> FindByClientMessageIdAsync(string roomId, string senderId, string clientMessageId, CancellationToken cancellationToken = default)
    {
        if (clientMessageId.Length == 0)
        {
            return Task.FromResult<ChatMessage?>(null);
        }
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns}
            FROM chat_message
            WHERE room_id = $room AND sender_id = $sender AND client_message_id = $client AND client_message_id <> ''
            """;
        command.Parameters.AddWithValue("$room", roomId);
        command.Parameters.AddWithValue("$sender", senderId);
        command.Parameters.AddWithValue("$client", clientMessageId);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? ReadMessage(reader) : null);
    }

    private static ChatMessage ReadMessage(SqliteDataReader reader) => new(
        RoomId: reader.GetString(0),
        Seq: reader.GetInt64(1),
        ClientMessageId: reader.GetString(2),
        SenderId: reader.GetString(3),
        SenderName: reader.GetString(4),
        Text: reader.GetString(5),
        SentAt: new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero),
        Kind: (RoomEventKind)reader.GetInt32(7),
        TargetSeq: reader.IsDBNull(8) ? null : reader.GetInt64(8),
        ReplyToSeq: reader.IsDBNull(9) ? null : reader.GetInt64(9),
        NoticeType: reader.IsDBNull(10) ? null : reader.GetString(10),
        EditedAt: reader.IsDBNull(11) ? null : new DateTimeOffset(reader.GetInt64(11), TimeSpan.Zero),
        Deleted: reader.GetInt64(12) != 0,
        Reactions: ReactionCodec.Decode(reader.IsDBNull(13) ? null : reader.GetString(13)),
        Mentions: MentionCodec.Decode(reader.IsDBNull(14) ? null : reader.GetString(14)))
    {
        MessageNo = reader.GetInt64(15),
    };
}
