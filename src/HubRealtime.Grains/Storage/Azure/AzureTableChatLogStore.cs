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
    private const string HashedIndexPrefix = "h|";
    private const int MaxReadableIndexKeyLength = 512; // Azure allows 1 KiB; longer keys are hashed.

    private const string SeqProperty = "Seq";
    private const string ClientMessageIdProperty = "ClientMessageId";
    private const string SenderIdProperty = "SenderId";
    private const string SenderNameProperty = "SenderName";
    private const string TextProperty = "Text";
    private const string SentAtProperty = "SentAt";
    private const string SentAtTicksProperty = "SentAtUtcTicks";

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
        return 0;
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
            if (!seqs.Add(message.Seq) || !clientIds.Add(IndexRowKey(message.SenderId, message.ClientMessageId)))
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
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ToIndexRow(messages[i])));
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

    private static TableEntity ToMessageRow(ChatMessage message) => new(message.RoomId, MessageRowKey(message.Seq))
    {
        [SeqProperty] = message.Seq,
        [ClientMessageIdProperty] = message.ClientMessageId,
        [SenderIdProperty] = message.SenderId,
        [SenderNameProperty] = message.SenderName,
        [TextProperty] = message.Text,
        // Readable in storage explorers; the ticks keep full precision (Azure's DateTime may not).
        [SentAtProperty] = message.SentAt.ToUniversalTime(),
        [SentAtTicksProperty] = message.SentAt.UtcTicks,
    };

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
            TimeSpan.Zero));

    private static long ReadSeq(TableEntity row) =>
        row.GetInt64(SeqProperty) ?? throw new InvalidDataException($"Row {row.RowKey} in partition '{row.PartitionKey}' has no {SeqProperty}.");
}
