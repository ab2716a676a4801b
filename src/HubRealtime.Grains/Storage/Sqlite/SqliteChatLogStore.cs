using HubRealtime.Abstractions.Rooms;
using Microsoft.Data.Sqlite;

namespace HubRealtime.Grains.Storage.Sqlite;

/// <summary>The chat log on the embedded database: a row per message, keyed by (room, seq).</summary>
public sealed class SqliteChatLogStore(SqliteDatabase database) : IChatLogStore
{
    private const int SqliteConstraintError = 19;

    /// <summary>Large enough that a busy room empties its queue in one commit; bounded to keep one write short.</summary>
    public int MaxBatchSize => 500;

    public Task<long> GetLastSeqAsync(string roomId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        // Served by the primary key: a descent of one B-tree path, not a scan.
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM chat_message WHERE room_id = $room";
        command.Parameters.AddWithValue("$room", roomId);
        return Task.FromResult(Convert.ToInt64(command.ExecuteScalar()));
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

    private static int Insert(SqliteConnection connection, string roomId, IReadOnlyList<ChatMessage> messages)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO chat_message (room_id, seq, client_message_id, sender_id, sender_name, text, sent_at_ticks)
            VALUES ($room, $seq, $client, $sender, $name, $text, $sent)
            """;
        var room = command.Parameters.AddWithValue("$room", roomId);
        var seq = command.Parameters.Add("$seq", SqliteType.Integer);
        var client = command.Parameters.Add("$client", SqliteType.Text);
        var sender = command.Parameters.Add("$sender", SqliteType.Text);
        var name = command.Parameters.Add("$name", SqliteType.Text);
        var text = command.Parameters.Add("$text", SqliteType.Text);
        var sent = command.Parameters.Add("$sent", SqliteType.Integer);
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
            command.ExecuteNonQuery();
        }
        return messages.Count;
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
        command.CommandText = """
            SELECT room_id, seq, client_message_id, sender_id, sender_name, text, sent_at_ticks
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
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT room_id, seq, client_message_id, sender_id, sender_name, text, sent_at_ticks
            FROM chat_message
            WHERE room_id = $room AND sender_id = $sender AND client_message_id = $client
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
        SentAt: new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero));
}
