using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Storage.Azure;

/// <summary>
/// The chat log on Azure Table storage (or Azurite). One table; one partition per room (PartitionKey =
/// room id). Each message is two rows written in the same entity-group transaction:
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
    public const int MaxMessagesPerTransaction = 50;

    /// <summary>One entity-group transaction: the largest batch this store writes atomically.</summary>
    public int MaxBatchSize => MaxMessagesPerTransaction;

    private const string MessagePrefix = "m";
    private const string MessageRangeEnd = "n"; // the character after 'm': every message key is below it
    private const string IndexPrefix = "c|";
    private const string EditPrefix = "e|";
    private const string PurgeRowKey = "p";
    private const string PurgedThroughProperty = "PurgedThrough";
    private const int ReactionChunkLength = 30_000; // a string property holds at most 32K UTF-16 units
    private const int MaxReactionChunks = 8;
    private const int EventsPerPurgeTransaction = 33; // up to 3 rows each, plus the purge mark: within 100
    private const string HashedIndexPrefix = "h|";
    private const int MaxReadableIndexKeyLength = 512; // Azure allows 1 KiB; longer keys are hashed.

    private const string SeqProperty = "Seq";
    private const string ClientMessageIdProperty = "ClientMessageId";
    private const string SenderIdProperty = "SenderId";
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

    private static readonly string[] SeqOnly = [SeqProperty];

    private readonly TableClient _table;
    private readonly Lock _createGate = new();
    private Task? _createTable;

    public AzureTableChatLogStore(TableServiceClient service, string tableName = DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _table = service.GetTableClient(tableName);
    }

    public string TableName => _table.Name;

    public async Task<long> GetLastSeqAsync(string roomId, CancellationToken cancellationToken = default)
    {
        ValidateRoom(roomId);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {roomId} and RowKey ge {MessagePrefix} and RowKey lt {MessageRangeEnd}");
        // Newest first: the first row is the answer. Enumerating lazily fetches one page of one row.
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: SeqOnly, cancellationToken)
                           .ConfigureAwait(false))
        {
            return ReadSeq(row);
        }
        // No row left: every event may have been purged, and the purge mark keeps the sequence.
        return await GetPurgedThroughAsync(roomId, cancellationToken).ConfigureAwait(false);
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

        var seqs = new HashSet<long>();
        var clientIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            if (message.RoomId != roomId)
            {
                throw new ArgumentException($"Message {message.Seq} belongs to room '{message.RoomId}', not '{roomId}'.", nameof(messages));
            }
            if (message.Seq < 1)
            {
                throw new ArgumentException($"Sequence {message.Seq} is not positive.", nameof(messages));
            }
            // Azure rejects a transaction touching one row twice with a 400; report it as what it is.
            if (!seqs.Add(message.Seq) || (message.ClientMessageId.Length > 0 && !clientIds.Add(IndexRowKey(message.SenderId, message.ClientMessageId))))
            {
                throw new ChatLogConflictException(
                    $"Room '{roomId}': the batch holds sequence {message.Seq} or client message id '{message.ClientMessageId}' twice.");
            }
        }

        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);

        var committed = new List<TableTransactionAction>();
        for (var start = 0; start < messages.Count; start += MaxMessagesPerTransaction)
        {
            var actions = new List<TableTransactionAction>(2 * MaxMessagesPerTransaction);
            for (var i = start; i < Math.Min(messages.Count, start + MaxMessagesPerTransaction); i++)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ToMessageRow(messages[i])));
                if (messages[i].ClientMessageId.Length > 0)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ToIndexRow(messages[i])));
                }
            }

            try
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException error) when (IsAlreadyExists(error))
            {
                await CompensateAsync(committed).ConfigureAwait(false);
                throw new ChatLogConflictException(
                    $"Room '{roomId}': a sequence or client message id in the batch is already stored.", error);
            }
            catch (Exception error) when (AzureWrites.Unanswered(error))
            {
                await CompensateAsync(committed).ConfigureAwait(false);
                throw AzureWrites.Unknown($"Room '{roomId}': appending {messages.Count} events", error);
            }
            catch
            {
                await CompensateAsync(committed).ConfigureAwait(false);
                throw;
            }
            committed.AddRange(actions);
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
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {roomId} and RowKey ge {MessageRowKey(last)} and RowKey le {MessageRowKey(fromSeq)}");
        var result = new List<ChatMessage>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add(FromMessageRow(roomId, row));
        }

        if (result.Count < last - fromSeq + 1 && await GetPurgedThroughAsync(roomId, cancellationToken).ConfigureAwait(false) is var floor
            && floor >= fromSeq && floor < toSeq)
        {
            // The range starts in the purged prefix: the rows left start right after the purge mark.
            return await ReadRangeAsync(roomId, floor + 1, toSeq, limit, cancellationToken).ConfigureAwait(false);
        }

        result.Reverse();
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
        if (clientMessageId.Length == 0)
        {
            return null;
        }
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);

        var index = await _table.GetEntityIfExistsAsync<TableEntity>(
            roomId, IndexRowKey(senderId, clientMessageId), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!index.HasValue || index.Value is not { } indexRow
            || indexRow.GetString(SenderIdProperty) != senderId
            || indexRow.GetString(ClientMessageIdProperty) != clientMessageId)
        {
            return null;
        }

        var message = await _table.GetEntityIfExistsAsync<TableEntity>(
            roomId, MessageRowKey(ReadSeq(indexRow)), cancellationToken: cancellationToken).ConfigureAwait(false);
        return message.HasValue && message.Value is { } row ? FromMessageRow(roomId, row) : null;
    }

    public async Task ApplyAsync(string roomId, ChatMessage change, ChatMessage target, CancellationToken cancellationToken = default)
    {
        ValidateRoom(roomId);
        if (change.Kind is not (RoomEventKind.Edit or RoomEventKind.Delete or RoomEventKind.Reaction) || change.TargetSeq != target.Seq
            || change.ClientMessageId.Length != 0 || change.RoomId != roomId || target.RoomId != roomId)
        {
            throw new ArgumentException("A change is an Edit, Delete or Reaction without client message id, applied to its own target.", nameof(change));
        }
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);

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
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);

        // A purge removes a prefix of the log, so the oldest rows left start right after the mark:
        // one bounded range query, whatever the history's length.
        var floor = await GetPurgedThroughAsync(roomId, cancellationToken).ConfigureAwait(false);
        var last = floor > long.MaxValue - maxRows ? long.MaxValue : floor + maxRows;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {roomId} and RowKey ge {MessageRowKey(last)} and RowKey le {MessageRowKey(floor + 1)}");
        var oldest = new List<ChatMessage>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            oldest.Add(FromMessageRow(roomId, row));
        }
        oldest.Reverse();
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

    /// <summary>Creates the table once, lazily; a failed attempt is retried by the next call.</summary>
    private Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        var creation = Volatile.Read(ref _createTable);
        if (creation is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_createGate)
        {
            if (_createTable is null || _createTable.IsFaulted || _createTable.IsCanceled)
            {
                // Not bound to one caller's token: other callers may be waiting on the same task.
                _createTable = _table.CreateIfNotExistsAsync(CancellationToken.None);
            }
            creation = _createTable;
        }
        return creation.WaitAsync(cancellationToken);
    }

    private async Task CompensateAsync(List<TableTransactionAction> committed)
    {
        if (committed.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var chunk in committed.Chunk(2 * MaxMessagesPerTransaction))
            {
                var deletes = chunk.Select(a => new TableTransactionAction(TableTransactionActionType.Delete, a.Entity, ETag.All));
                await _table.SubmitTransactionAsync(deletes, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Best effort (see the class remarks): the original failure is what the caller must see.
        }
    }

    private static bool IsAlreadyExists(RequestFailedException error) =>
        error.Status == 409 || string.Equals(error.ErrorCode, "EntityAlreadyExists", StringComparison.Ordinal);

    private static void ValidateRoom(string roomId)
    {
        if (!RoomId.IsValid(roomId))
        {
            throw new ArgumentException($"'{roomId}' is not a valid room id.", nameof(roomId));
        }
    }

    internal static string EditRowKey(long targetSeq, long editSeq) =>
        EditPrefix + targetSeq.ToString("D19", CultureInfo.InvariantCulture) + "|" + editSeq.ToString("D19", CultureInfo.InvariantCulture);

    internal static string MessageRowKey(long seq) =>
        MessagePrefix + (long.MaxValue - seq).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>
    /// The idempotency row's key. Characters outside [A-Za-z0-9._@:-] are escaped ("~" + 2 hex digits for
    /// ASCII, "!" + 4 for other UTF-16 units), so the key never holds / \ # ? or control characters (forbidden by Azure), '|' (the
    /// separator) or '%' (mangled by some proxies). Very long pairs are hashed instead (SHA-256), and the
    /// row keeps the original ids to check on read.
    /// </summary>
    internal static string IndexRowKey(string senderId, string clientMessageId)
    {
        var key = new StringBuilder(IndexPrefix.Length + senderId.Length + clientMessageId.Length + 1);
        key.Append(IndexPrefix);
        Escape(key, senderId);
        key.Append('|');
        Escape(key, clientMessageId);
        if (key.Length <= MaxReadableIndexKeyLength)
        {
            return key.ToString();
        }

        var pair = Encoding.UTF8.GetBytes($"{senderId.Length.ToString(CultureInfo.InvariantCulture)}:{senderId}{clientMessageId}");
        return HashedIndexPrefix + Convert.ToHexStringLower(SHA256.HashData(pair));
    }

    private static void Escape(StringBuilder key, string value)
    {
        // Per UTF-16 unit, so that even an unpaired surrogate maps to its own key: "~hh" for ASCII, "!hhhh" otherwise.
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or ':')
            {
                key.Append(c);
            }
            else if (c < 0x80)
            {
                key.Append('~').Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                key.Append('!').Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }
    }

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
        // A string property holds 32K characters: long reaction lists are split over numbered properties.
        var reactions = ReactionCodec.Encode(message.Reactions) ?? string.Empty;
        var chunks = reactions.Chunk(ReactionChunkLength).Select(c => new string(c)).ToArray();
        if (chunks.Length > MaxReactionChunks)
        {
            throw new ArgumentException($"Message {message.Seq} has more reactions than a row holds.", nameof(message));
        }
        for (var i = 0; i < MaxReactionChunks; i++)
        {
            // Every chunk property is written (empty when unused), so a replace leaves no stale tail.
            row[ReactionsProperty + (i == 0 ? "" : i.ToString(CultureInfo.InvariantCulture))] = i < chunks.Length ? chunks[i] : string.Empty;
        }
        return row;
    }

    private static void AddIfSet(TableEntity row, string property, object? value)
    {
        if (value is not null)
        {
            row[property] = value;
        }
    }

    private static string ReadReactions(TableEntity row)
    {
        var json = new StringBuilder();
        for (var i = 0; i < MaxReactionChunks; i++)
        {
            json.Append(row.GetString(ReactionsProperty + (i == 0 ? "" : i.ToString(CultureInfo.InvariantCulture))));
        }
        return json.ToString();
    }

    private static TableEntity ToIndexRow(ChatMessage message) =>
        new(message.RoomId, IndexRowKey(message.SenderId, message.ClientMessageId))
        {
            [SeqProperty] = message.Seq,
            [SenderIdProperty] = message.SenderId,
            [ClientMessageIdProperty] = message.ClientMessageId,
        };

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
        Reactions: ReactionCodec.Decode(ReadReactions(row)));

    private static long ReadSeq(TableEntity row) =>
        row.GetInt64(SeqProperty) ?? throw new InvalidDataException($"Row {row.RowKey} in partition '{row.PartitionKey}' has no {SeqProperty}.");
}
