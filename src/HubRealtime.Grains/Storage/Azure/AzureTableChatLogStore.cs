using System.Globalization;
using Azure;
using Azure.Data.Tables;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Storage.Azure;

/// <summary>
/// The chat log on Azure Table storage (or Azurite), on the stream layout of <see cref="AzureStreamTable"/>.
/// One table; one partition per room (PartitionKey = room id). Each message is two rows written in the
/// same entity-group transaction:
/// <list type="bullet">
/// <item>the message row, RowKey <c>"m" + (long.MaxValue - seq)</c> as 19 zero-padded digits, so that
/// the newest message sorts first in the partition and the last sequence is a one-row query whatever
/// the history's length;</item>
/// <item>the idempotency row, RowKey <c>"c|" + sender + "|" + clientMessageId</c> (escaped so that keys
/// hold none of the characters Azure forbids), which stores the message's sequence.</item>
/// </list>
/// Events without a client message id (notices, edits, deletes, reactions) have no idempotency row. An
/// Edit also writes an edit row, RowKey <c>"e|" + target seq + "|" + edit seq</c> (19 digits each), so that
/// deleting the message finds its edits (to erase their text) with one bounded range query. A retention
/// purge keeps the last purged sequence in the row <c>"p"</c>, so the sequence stays dense.
/// All rows are inserted with <see cref="TableTransactionActionType.Add"/>, which fails on an existing
/// row instead of overwriting it: a second writer, or a replayed batch, gets a
/// <see cref="ChatLogConflictException"/>.
/// </summary>
/// <remarks>
/// Atomicity limit: an entity-group transaction holds at most 100 entities, so at most
/// <see cref="MaxMessagesPerTransaction"/> messages (2 rows each). A larger batch is written as several
/// transactions, each atomic on its own. If a later one fails, the rows of the earlier ones are deleted
/// again (best effort); should that compensation itself fail (or the process die in between), the
/// first messages of the batch stay stored. The room grain appends far fewer than 50 messages at a time.
/// </remarks>
public sealed class AzureTableChatLogStore : IChatLogStore
{
    public const string DefaultTableName = "HubChatLog";

    /// <summary>Messages per entity-group transaction: 2 rows each, within Azure's limit of 100.</summary>
    public const int MaxMessagesPerTransaction = AzureStreamTable.MaxEventsPerTransaction;

    /// <summary>One entity-group transaction: the largest batch this store writes atomically.</summary>
    public int MaxBatchSize => MaxMessagesPerTransaction;

    private const string EditPrefix = "e|";
    private const string PurgeRowKey = "p";
    private const string PurgedThroughProperty = "PurgedThrough";
    private const int ReactionChunkLength = 30_000; // a string property holds at most 32K UTF-16 units
    private const int MaxReactionChunks = 8;
    private const int EventsPerPurgeTransaction = 33; // up to 3 rows each, plus the purge mark: within 100

    private const string SeqProperty = AzureStreamTable.SeqProperty;
    private const string ClientMessageIdProperty = AzureStreamTable.ClientKeyProperty;
    private const string SenderIdProperty = AzureStreamTable.SenderIdProperty;
    private const string SenderNameProperty = "SenderName";
    private const string TextProperty = "Text";
    private const string SentAtProperty = "SentAt";
    private const string SentAtTicksProperty = "SentAtUtcTicks";
    private const string KindProperty = "Kind";
    private const string TargetSeqProperty = "TargetSeq";
    private const string ReplyToSeqProperty = "ReplyToSeq";
    private const string NoticeTypeProperty = "NoticeType";
    private const string EditedAtTicksProperty = "EditedAtUtcTicks";
    private const string DeletedProperty = "Deleted";
    private const string ReactionsProperty = "Reactions";
    private const string MentionsProperty = "Mentions";
    private const string MessageNoProperty = "MessageNo";

    private static readonly string[] SeqOnly = [SeqProperty];

    private readonly AzureStreamTable _stream;
    private readonly TableClient _table;

    public AzureTableChatLogStore(TableServiceClient service, string tableName = DefaultTableName)
    {
        _stream = new AzureStreamTable(service, tableName);
        _table = _stream.Table;
    }

    public string TableName => _table.Name;

    public async Task<long> GetLastSeqAsync(string roomId, CancellationToken cancellationToken = default)
    {
        ValidateRoom(roomId);
        // No row left: every event may have been purged, and the purge mark keeps the sequence.
        return await _stream.GetNewestSeqAsync(roomId, cancellationToken).ConfigureAwait(false)
            ?? await GetPurgedThroughAsync(roomId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> GetPurgedThroughAsync(string roomId, CancellationToken cancellationToken)
    {
        var mark = await _table.GetEntityIfExistsAsync<TableEntity>(roomId, PurgeRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return mark.HasValue && mark.Value is { } row ? row.GetInt64(PurgedThroughProperty) ?? 0 : 0;
    }

    public async Task AppendAsync(string roomId, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default)
    {
        ValidateRoom(roomId);
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }
        var events = new AzureStreamTable.NewEvent[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.RoomId != roomId)
            {
                throw new ArgumentException($"Message {message.Seq} belongs to room '{message.RoomId}', not '{roomId}'.", nameof(messages));
            }
            events[i] = new(message.Seq, ToMessageRow(message), message.ClientMessageId.Length > 0
                ? AzureStreamTable.IndexRow(roomId, message.Seq, message.SenderId, message.ClientMessageId)
                : null);
        }
        try
        {
            await _stream.AppendAsync(roomId, events, cancellationToken).ConfigureAwait(false);
        }
        catch (StreamLogConflictException conflict) when (conflict is not ChatLogConflictException)
        {
            throw new ChatLogConflictException(conflict.Message, conflict.InnerException);
        }
    }

    public async Task<IReadOnlyList<ChatMessage>> ReadRangeAsync(
        string roomId, long fromSeq, long toSeq, int limit, CancellationToken cancellationToken = default)
    {
        ValidateRoom(roomId);
        fromSeq = Math.Max(fromSeq, 1);
        if (limit <= 0 || toSeq < fromSeq)
        {
            return [];
        }

        // Sequences are dense, so the first `limit` messages from fromSeq are exactly [fromSeq, fromSeq + limit - 1]:
        // narrow the range instead of reading everything up to toSeq (rows come newest first).
        var last = fromSeq > long.MaxValue - limit ? toSeq : Math.Min(toSeq, fromSeq + limit - 1);
        var result = (await _stream.ReadRangeAsync(roomId, fromSeq, last, cancellationToken).ConfigureAwait(false))
            .Select(row => FromMessageRow(roomId, row)).ToList();

        if (result.Count < last - fromSeq + 1 && await GetPurgedThroughAsync(roomId, cancellationToken).ConfigureAwait(false) is var floor
            && floor >= fromSeq && floor < toSeq)
        {
            // The range starts in the purged prefix: the rows left start right after the purge mark.
            return await ReadRangeAsync(roomId, floor + 1, toSeq, limit, cancellationToken).ConfigureAwait(false);
        }

        if (result.Count > limit)
        {
            // Only if a gap broke density (never for a log written through this class's contract).
            result.RemoveRange(limit, result.Count - limit);
        }
        return result;
    }

    public async Task<ChatMessage?> FindByClientMessageIdAsync(
        string roomId, string senderId, string clientMessageId, CancellationToken cancellationToken = default)
    {
        ValidateRoom(roomId);
        ArgumentNullException.ThrowIfNull(senderId);
        ArgumentNullException.ThrowIfNull(clientMessageId);
        return await _stream.FindByClientKeyAsync(roomId, senderId, clientMessageId, cancellationToken).ConfigureAwait(false) is { } row
            ? FromMessageRow(roomId, row)
            : null;
    }

    public async Task ApplyAsync(string roomId, ChatMessage change, ChatMessage target, CancellationToken cancellationToken = default)
    {
        ValidateRoom(roomId);
        if (change.Kind is not (RoomEventKind.Edit or RoomEventKind.Delete or RoomEventKind.Reaction) || change.TargetSeq != target.Seq
            || change.ClientMessageId.Length != 0 || change.RoomId != roomId || target.RoomId != roomId)
        {
            throw new ArgumentException("A change is an Edit, Delete or Reaction without client message id, applied to its own target.", nameof(change));
        }
        await _stream.EnsureTableAsync(cancellationToken).ConfigureAwait(false);

        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, ToMessageRow(change)),
            // Replace fails when the row is gone (ETag.All still needs it to exist): a missing target stores nothing.
            new(TableTransactionActionType.UpdateReplace, ToMessageRow(target), ETag.All),
        };
        if (change.Kind is RoomEventKind.Edit or RoomEventKind.Delete)
        {
            var edits = await ReadEditSeqsAsync(roomId, target.Seq, cancellationToken).ConfigureAwait(false);
            if (change.Kind == RoomEventKind.Edit)
            {
                if (edits.Count >= ChatLimits.MaxEditsPerMessage)
                {
                    throw new ChatLogLimitException($"A message can be edited at most {ChatLimits.MaxEditsPerMessage} times.");
                }
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(roomId, EditRowKey(target.Seq, change.Seq)) { [SeqProperty] = change.Seq }));
            }
            else
            {
                // Deleting erases the text of every earlier edit too (at most MaxEditsPerMessage rows: one transaction).
                actions.AddRange(edits.Select(seq => new TableTransactionAction(
                    TableTransactionActionType.UpdateMerge, new TableEntity(roomId, MessageRowKey(seq)) { [TextProperty] = string.Empty }, ETag.All)));
            }
        }

        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException error) when (IsAlreadyExists(error) || error.Status == 404)
        {
            throw new ChatLogConflictException($"Room '{roomId}': sequence {change.Seq} is already stored or message {target.Seq} is not.", error);
        }
        catch (Exception error) when (AzureWrites.Unanswered(error))
        {
            throw AzureWrites.Unknown($"Room '{roomId}': change {change.Seq}", error);
        }
    }

    /// <summary>The sequences of a message's Edit events, from its edit rows (bounded by MaxEditsPerMessage).</summary>
    private async Task<List<long>> ReadEditSeqsAsync(string roomId, long targetSeq, CancellationToken cancellationToken)
    {
        var prefix = EditPrefix + targetSeq.ToString("D19", CultureInfo.InvariantCulture) + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {roomId} and RowKey gt {prefix} and RowKey lt {prefix + "~"}");
        var seqs = new List<long>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: SeqOnly, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            seqs.Add(ReadSeq(row));
        }
        return seqs;
    }

    public async Task<int> PurgeBeforeAsync(string roomId, DateTimeOffset cutoff, int maxRows, CancellationToken cancellationToken = default)
    {
        ValidateRoom(roomId);
        if (maxRows <= 0)
        {
            return 0;
        }
        await _stream.EnsureTableAsync(cancellationToken).ConfigureAwait(false);

        // A purge removes a prefix of the log, so the oldest rows left start right after the mark:
        // one bounded range query, whatever the history's length.
        var floor = await GetPurgedThroughAsync(roomId, cancellationToken).ConfigureAwait(false);
        var last = floor > long.MaxValue - maxRows ? long.MaxValue : floor + maxRows;
        var oldest = (await _stream.ReadRangeAsync(roomId, floor + 1, last, cancellationToken).ConfigureAwait(false))
            .Select(row => FromMessageRow(roomId, row));
        var expired = oldest.TakeWhile(m => m.SentAt < cutoff).ToList();

        foreach (var chunk in expired.Chunk(EventsPerPurgeTransaction))
        {
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpsertMerge, new TableEntity(roomId, PurgeRowKey) { [PurgedThroughProperty] = chunk[^1].Seq }),
            };
            foreach (var message in chunk)
            {
                // The row and its index rows go together, so no index entry outlives its message.
                actions.Add(Delete(roomId, MessageRowKey(message.Seq)));
                if (message.ClientMessageId.Length > 0)
                {
                    actions.Add(Delete(roomId, IndexRowKey(message.SenderId, message.ClientMessageId)));
                }
                if (message.Kind == RoomEventKind.Edit && message.TargetSeq is { } target)
                {
                    actions.Add(Delete(roomId, EditRowKey(target, message.Seq)));
                }
            }
            await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        return expired.Count;

        static TableTransactionAction Delete(string partition, string rowKey) =>
            new(TableTransactionActionType.Delete, new TableEntity(partition, rowKey), ETag.All);
    }

    private static bool IsAlreadyExists(RequestFailedException error) => AzureStreamTable.IsAlreadyExists(error);

    private static void ValidateRoom(string roomId)
    {
        if (!RoomId.IsValid(roomId))
        {
            throw new ArgumentException($"'{roomId}' is not a valid room id.", nameof(roomId));
        }
    }

    internal static string EditRowKey(long targetSeq, long editSeq) =>
        EditPrefix + targetSeq.ToString("D19", CultureInfo.InvariantCulture) + "|" + editSeq.ToString("D19", CultureInfo.InvariantCulture);

    internal static string MessageRowKey(long seq) => AzureStreamTable.EventRowKey(seq);

    internal static string IndexRowKey(string senderId, string clientMessageId) => AzureStreamTable.IndexRowKey(senderId, clientMessageId);

    private static TableEntity ToMessageRow(ChatMessage message)
    {
        var row = new TableEntity(message.RoomId, MessageRowKey(message.Seq))
        {
            [SeqProperty] = message.Seq,
            [ClientMessageIdProperty] = message.ClientMessageId,
            [SenderIdProperty] = message.SenderId,
            [SenderNameProperty] = message.SenderName,
            [TextProperty] = message.Text,
            // Readable in storage explorers; the ticks keep full precision (Azure's DateTime may not).
            [SentAtProperty] = message.SentAt.ToUniversalTime(),
            [SentAtTicksProperty] = message.SentAt.UtcTicks,
            [KindProperty] = (int)message.Kind,
            [DeletedProperty] = message.Deleted,
        };
        // Absent rather than null: a replace removes what the new state does not have.
        AddIfSet(row, TargetSeqProperty, message.TargetSeq);
        AddIfSet(row, ReplyToSeqProperty, message.ReplyToSeq);
        AddIfSet(row, NoticeTypeProperty, message.NoticeType);
        AddIfSet(row, EditedAtTicksProperty, message.EditedAt?.UtcTicks);
        AddIfSet(row, MentionsProperty, MentionCodec.Encode(message.Mentions));
        row[MessageNoProperty] = message.MessageNo;
        // A string property holds 32K characters: long reaction lists are split over numbered properties.
        AzureStreamTable.WriteChunked(row, ReactionsProperty, ReactionCodec.Encode(message.Reactions) ?? string.Empty, ReactionChunkLength, MaxReactionChunks);
        return row;
    }

    private static void AddIfSet(TableEntity row, string property, object? value)
    {
        if (value is not null)
        {
            row[property] = value;
        }
    }

    private static string ReadReactions(TableEntity row) => AzureStreamTable.ReadChunked(row, ReactionsProperty, MaxReactionChunks);

    private static ChatMessage FromMessageRow(string roomId, TableEntity row) => new(
        RoomId: roomId,
        Seq: ReadSeq(row),
        ClientMessageId: row.GetString(ClientMessageIdProperty) ?? string.Empty,
        SenderId: row.GetString(SenderIdProperty) ?? string.Empty,
        SenderName: row.GetString(SenderNameProperty) ?? string.Empty,
        Text: row.GetString(TextProperty) ?? string.Empty,
        SentAt: new DateTimeOffset(
            row.GetInt64(SentAtTicksProperty) ?? throw new InvalidDataException($"Row {row.RowKey} of room '{roomId}' has no {SentAtTicksProperty}."),
            TimeSpan.Zero),
        // Rows written before the event stream have none of these: they are plain messages.
        Kind: (RoomEventKind)(row.GetInt32(KindProperty) ?? 0),
        TargetSeq: row.GetInt64(TargetSeqProperty),
        ReplyToSeq: row.GetInt64(ReplyToSeqProperty),
        NoticeType: row.GetString(NoticeTypeProperty),
        EditedAt: row.GetInt64(EditedAtTicksProperty) is { } edited ? new DateTimeOffset(edited, TimeSpan.Zero) : null,
        Deleted: row.GetBoolean(DeletedProperty) ?? false,
        Reactions: ReactionCodec.Decode(ReadReactions(row)),
        Mentions: MentionCodec.Decode(row.GetString(MentionsProperty)))
    {
        // Rows written before the counter have none: 0.
        MessageNo = row.GetInt64(MessageNoProperty) ?? 0,
    };

    private static long ReadSeq(TableEntity row) => AzureStreamTable.ReadSeq(row);
}
