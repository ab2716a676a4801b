using HubRealtime.Abstractions.Streams;
using Microsoft.Data.Sqlite;

namespace HubRealtime.Grains.Storage.Sqlite;

/// <summary>
/// A stream log for any event type on the embedded database: rows of the shared <c>stream_event</c>
/// table, keyed by (kind of stream, stream id, seq), so an append or a page read touches a few B-tree
/// pages whatever the history's length; a partial unique index on (kind, stream, sender, client key)
/// is the idempotency index. Appends go through the database's single writer (group committed there
/// too), atomically.
/// </summary>
public sealed class SqliteStreamLog<TEvent>(SqliteDatabase database, string streamKind, IStreamEventCodec<TEvent> codec)
    : IStreamLog<TEvent> where TEvent : class, ISequenced
{
    private const int SqliteConstraintError = 19;
    private readonly string _kind = StreamKeys.Validate(streamKind);

    public int MaxBatchSize => 500;

    public Task<long> GetLastSeqAsync(string streamId, CancellationToken cancellationToken = default)
    {
        StreamKeys.Validate(streamId);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        // Served by the primary key: one B-tree descent, not a scan.
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM stream_event WHERE stream_kind = $kind AND stream_id = $stream";
        command.Parameters.AddWithValue("$kind", _kind);
        command.Parameters.AddWithValue("$stream", streamId);
        return Task.FromResult(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task AppendAsync(string streamId, IReadOnlyList<TEvent> events, CancellationToken cancellationToken = default)
    {
        StreamKeys.Validate(streamId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }
        var records = events.Select(codec.Encode).ToList();
        try
        {
            await database.WriteAsync(connection => Insert(connection, streamId, records), cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SqliteConstraintError)
        {
            throw new StreamLogConflictException($"Stream '{_kind}/{streamId}': a sequence or client key in the batch is already stored.", error);
        }
    }

    private int Insert(SqliteConnection connection, string streamId, List<StreamRecord> records)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO stream_event (stream_kind, stream_id, seq, sender_id, client_key, at_ticks, body)
            VALUES ($kind, $stream, $seq, $sender, $client, $at, $body)
            """;
        command.Parameters.AddWithValue("$kind", _kind);
        command.Parameters.AddWithValue("$stream", streamId);
        var seq = command.Parameters.Add("$seq", SqliteType.Integer);
        var sender = command.Parameters.Add("$sender", SqliteType.Text);
        var client = command.Parameters.Add("$client", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        var body = command.Parameters.Add("$body", SqliteType.Text);
        command.Prepare();
        foreach (var record in records)
        {
            if (record.Seq < 1)
            {
                throw new ArgumentException($"Sequence {record.Seq} is not positive.", nameof(records));
            }
            seq.Value = record.Seq;
            sender.Value = record.SenderId;
            client.Value = record.ClientKey;
            at.Value = record.At.UtcTicks;
            body.Value = record.Body;
            command.ExecuteNonQuery();
        }
        return records.Count;
    }

    public Task<IReadOnlyList<TEvent>> ReadRangeAsync(string streamId, long fromSeq, long toSeq, int limit, CancellationToken cancellationToken = default)
    {
        StreamKeys.Validate(streamId);
        var result = new List<TEvent>();
        if (limit <= 0 || toSeq < fromSeq)
        {
            return Task.FromResult<IReadOnlyList<TEvent>>(result);
        }
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, sender_id, client_key, at_ticks, body FROM stream_event
            WHERE stream_kind = $kind AND stream_id = $stream AND seq BETWEEN $from AND $to
            ORDER BY seq LIMIT $limit
            """;
        command.Parameters.AddWithValue("$kind", _kind);
        command.Parameters.AddWithValue("$stream", streamId);
        command.Parameters.AddWithValue("$from", fromSeq);
        command.Parameters.AddWithValue("$to", toSeq);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(Read(streamId, reader));
        }
        return Task.FromResult<IReadOnlyList<TEvent>>(result);
    }

    public Task<TEvent?> FindByClientKeyAsync(string streamId, string senderId, string clientKey, CancellationToken cancellationToken = default)
    {
        StreamKeys.Validate(streamId);
        ArgumentNullException.ThrowIfNull(senderId);
        ArgumentNullException.ThrowIfNull(clientKey);
        if (clientKey.Length == 0)
        {
            return Task.FromResult<TEvent?>(null);
        }
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, sender_id, client_key, at_ticks, body FROM stream_event
            WHERE stream_kind = $kind AND stream_id = $stream AND sender_id = $sender AND client_key = $client AND client_key <> ''
            """;
        command.Parameters.AddWithValue("$kind", _kind);
        command.Parameters.AddWithValue("$stream", streamId);
        command.Parameters.AddWithValue("$sender", senderId);
        command.Parameters.AddWithValue("$client", clientKey);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? Read(streamId, reader) : null);
    }

    private TEvent Read(string streamId, SqliteDataReader reader) => codec.Decode(streamId, new StreamRecord(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero), reader.GetString(4)));
}
