using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace HubRealtime.Grains.Storage.Azure;

/// <summary>
/// The ordered-stream layout on one Azure table, shared by every stream log on Azure (the chat log and
/// the generic <see cref="AzureTableStreamLog{TEvent}"/>): one partition per stream; the event row's
/// RowKey is <c>"m" + (long.MaxValue - seq)</c> as 19 digits, so the newest event sorts first and the
/// last sequence is a one-row query whatever the history's length; an idempotency row
/// <c>"c|" + sender + "|" + client key</c> (escaped, or hashed when long) holds the sequence of the event
/// a sender stored under a key. Rows are inserted with <see cref="TableTransactionActionType.Add"/>, so a
/// second writer or a replayed batch fails instead of overwriting.
/// </summary>
internal sealed class AzureStreamTable
{
    /// <summary>Events per entity-group transaction: 2 rows each, within Azure's limit of 100.</summary>
    public const int MaxEventsPerTransaction = 50;

    public const string SeqProperty = "Seq";
    public const string SenderIdProperty = "SenderId";
    public const string ClientKeyProperty = "ClientMessageId"; // the chat log's name, kept for its stored rows

    private const string EventPrefix = "m";
    private const string EventRangeEnd = "n"; // the character after 'm': every event key is below it
    private const string IndexPrefix = "c|";
    private const string HashedIndexPrefix = "h|";
    private const int MaxReadableIndexKeyLength = 512; // Azure allows 1 KiB; longer keys are hashed.

    private static readonly string[] SeqOnly = [SeqProperty];

    private readonly Lock _createGate = new();
    private Task? _createTable;

    public AzureStreamTable(TableServiceClient service, string tableName)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        Table = service.GetTableClient(tableName);
    }

    public TableClient Table { get; }

    /// <summary>One event to append: its row and, when it has a client key, its idempotency row.</summary>
    public readonly record struct NewEvent(long Seq, TableEntity Row, TableEntity? Index);

    /// <summary>The newest event's sequence in the partition, or null when it holds no event row.</summary>
    public async Task<long?> GetNewestSeqAsync(string partition, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {EventPrefix} and RowKey lt {EventRangeEnd}");
        // Newest first: the first row is the answer. Enumerating lazily fetches one page of one row.
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: SeqOnly, cancellationToken)
                           .ConfigureAwait(false))
        {
            return ReadSeq(row);
        }
        return null;
    }

    /// <summary>
    /// Inserts the events and their idempotency rows, <see cref="MaxEventsPerTransaction"/> per
    /// entity-group transaction. A batch that spans several transactions is not atomic: if a later one
    /// fails, the rows of the earlier ones are deleted again (best effort). An existing row throws
    /// <see cref="StreamLogConflictException"/>.
    /// </summary>
    public async Task AppendAsync(string partition, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        var seqs = new HashSet<long>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Seq < 1)
            {
                throw new ArgumentException($"Sequence {e.Seq} is not positive.", nameof(events));
            }
            // Azure rejects a transaction touching one row twice with a 400; report it as what it is.
            if (!seqs.Add(e.Seq) || (e.Index is { } index && !keys.Add(index.RowKey)))
            {
                throw new StreamLogConflictException($"Stream '{partition}': the batch holds sequence {e.Seq} or its client key twice.");
            }
        }
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);

        var committed = new List<TableTransactionAction>();
        foreach (var chunk in events.Chunk(MaxEventsPerTransaction))
        {
            var actions = new List<TableTransactionAction>(2 * chunk.Length);
            foreach (var e in chunk)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, e.Row));
                if (e.Index is { } index)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Add, index));
                }
            }
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException error) when (IsAlreadyExists(error))
            {
                await CompensateAsync(committed).ConfigureAwait(false);
                throw new StreamLogConflictException($"Stream '{partition}': a sequence or client key in the batch is already stored.", error);
            }
            catch (Exception error) when (AzureWrites.Unanswered(error))
            {
                await CompensateAsync(committed).ConfigureAwait(false);
                throw AzureWrites.Unknown($"Stream '{partition}': appending {events.Count} events", error);
            }
            catch
            {
                await CompensateAsync(committed).ConfigureAwait(false);
                throw;
            }
            committed.AddRange(actions);
        }
    }

    /// <summary>The event rows with sequence in [<paramref name="fromSeq"/>, <paramref name="toSeq"/>], ascending.</summary>
    public async Task<List<TableEntity>> ReadRangeAsync(string partition, long fromSeq, long toSeq, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {EventRowKey(toSeq)} and RowKey le {EventRowKey(fromSeq)}");
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }
        rows.Reverse();
        return rows;
    }

    /// <summary>The event row a sender stored under a client key (two point reads), or null.</summary>
    public async Task<TableEntity?> FindByClientKeyAsync(string partition, string senderId, string clientKey, CancellationToken cancellationToken)
    {
        if (clientKey.Length == 0)
        {
            return null;
        }
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var index = await Table.GetEntityIfExistsAsync<TableEntity>(
            partition, IndexRowKey(senderId, clientKey), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!index.HasValue || index.Value is not { } indexRow
            || indexRow.GetString(SenderIdProperty) != senderId
            || indexRow.GetString(ClientKeyProperty) != clientKey)
        {
            return null;
        }
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(
            partition, EventRowKey(ReadSeq(indexRow)), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    public static TableEntity IndexRow(string partition, long seq, string senderId, string clientKey) =>
        new(partition, IndexRowKey(senderId, clientKey))
        {
            [SeqProperty] = seq,
            [SenderIdProperty] = senderId,
            [ClientKeyProperty] = clientKey,
        };

    /// <summary>Creates the table once, lazily; a failed attempt is retried by the next call.</summary>
    public Task EnsureTableAsync(CancellationToken cancellationToken)
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
                _createTable = Table.CreateIfNotExistsAsync(CancellationToken.None);
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
            foreach (var chunk in committed.Chunk(2 * MaxEventsPerTransaction))
            {
                var deletes = chunk.Select(a => new TableTransactionAction(TableTransactionActionType.Delete, a.Entity, ETag.All));
                await Table.SubmitTransactionAsync(deletes, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Best effort (see AppendAsync): the original failure is what the caller must see.
        }
    }

    public static bool IsAlreadyExists(RequestFailedException error) =>
        error.Status == 409 || string.Equals(error.ErrorCode, "EntityAlreadyExists", StringComparison.Ordinal);

    public static string EventRowKey(long seq) =>
        EventPrefix + (long.MaxValue - seq).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>
    /// The idempotency row's key. Characters outside [A-Za-z0-9._@:-] are escaped ("~" + 2 hex digits for
    /// ASCII, "!" + 4 for other UTF-16 units), so the key never holds / \ # ? or control characters (forbidden by Azure), '|' (the
    /// separator) or '%' (mangled by some proxies). Very long pairs are hashed instead (SHA-256), and the
    /// row keeps the original ids to check on read.
    /// </summary>
    public static string IndexRowKey(string senderId, string clientKey)
    {
        var key = new StringBuilder(IndexPrefix.Length + senderId.Length + clientKey.Length + 1);
        key.Append(IndexPrefix);
        Escape(key, senderId);
        key.Append('|');
        Escape(key, clientKey);
        if (key.Length <= MaxReadableIndexKeyLength)
        {
            return key.ToString();
        }

        var pair = Encoding.UTF8.GetBytes($"{senderId.Length.ToString(CultureInfo.InvariantCulture)}:{senderId}{clientKey}");
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

    public static long ReadSeq(TableEntity row) =>
        row.GetInt64(SeqProperty) ?? throw new InvalidDataException($"Row {row.RowKey} in partition '{row.PartitionKey}' has no {SeqProperty}.");

    /// <summary>Splits a long string over numbered properties (one holds 32K UTF-16 units); every one is written so a replace leaves no stale tail.</summary>
    public static void WriteChunked(TableEntity row, string property, string value, int chunkLength, int maxChunks)
    {
        var chunks = value.Chunk(chunkLength).Select(c => new string(c)).ToArray();
        if (chunks.Length > maxChunks)
        {
            throw new ArgumentException($"Row {row.RowKey}: {property} is longer than a row holds.", nameof(value));
        }
        for (var i = 0; i < maxChunks; i++)
        {
            row[ChunkName(property, i)] = i < chunks.Length ? chunks[i] : string.Empty;
        }
    }

    public static string ReadChunked(TableEntity row, string property, int maxChunks)
    {
        var value = new StringBuilder();
        for (var i = 0; i < maxChunks; i++)
        {
            value.Append(row.GetString(ChunkName(property, i)));
        }
        return value.ToString();
    }

    private static string ChunkName(string property, int i) => property + (i == 0 ? "" : i.ToString(CultureInfo.InvariantCulture));
}
