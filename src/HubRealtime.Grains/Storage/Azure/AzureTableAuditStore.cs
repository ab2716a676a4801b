using System.Globalization;
using Azure;
using Azure.Data.Tables;
using HubRealtime.Abstractions.Audit;

namespace HubRealtime.Grains.Storage.Azure;

/// <summary>
/// The audit log on Azure Table storage (or Azurite). One table; one partition per scope (PartitionKey =
/// scope). Each entry is two rows written in the same entity-group transaction:
/// <list type="bullet">
/// <item>the entry row, RowKey <c>"e" + seq</c> as 19 zero-padded digits, ascending, so that reading the
/// chain forward from any sequence is a range query that skips gaps (a verifier must see them);</item>
/// <item>the head row, RowKey <c>"h" + (long.MaxValue - seq)</c>, holding only the sequence and hash, so
/// that the newest entry sorts first and the head is a one-row query whatever the history's length.</item>
/// </list>
/// Every row is inserted with <see cref="TableTransactionActionType.Add"/>, which fails on an existing row
/// instead of overwriting it: a second writer gets an <see cref="AuditLogConflictException"/>. A batch is at
/// most <see cref="IAuditStore.MaxEntriesPerAppend"/> entries, one transaction, so it is atomic and nothing
/// ever has to be deleted again. No method here updates or deletes (see <see cref="IAuditStore"/> on retention).
/// </summary>
public sealed class AzureTableAuditStore : IAuditStore
{
    public const string DefaultTableName = "HubAuditLog";

    private const string EntryPrefix = "e";
    private const string EntryRangeEnd = "f"; // the character after 'e': every entry key is below it
    private const string HeadPrefix = "h";
    private const string HeadRangeEnd = "i";

    private const string SeqProperty = "Seq";
    private const string AtProperty = "At";
    private const string AtTicksProperty = "AtUtcTicks";
    private const string ActorProperty = "Actor";
    private const string ActionProperty = "Action";
    private const string TargetProperty = "Target";
    private const string DetailsProperty = "Details";
    private const string PreviousHashProperty = "PreviousHash";
    private const string HashProperty = "Hash";

    private static readonly string[] HeadProperties = [SeqProperty, HashProperty];

    private readonly TableClient _table;
    private readonly Lock _createGate = new();
    private Task? _createTable;

    public AzureTableAuditStore(TableServiceClient service, string tableName = DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _table = service.GetTableClient(tableName);
    }

    public string TableName => _table.Name;

    public async Task<AuditHead?> GetHeadAsync(string scope, CancellationToken cancellationToken = default)
    {
        AuditStoreArguments.Scope(scope);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {scope} and RowKey ge {HeadPrefix} and RowKey lt {HeadRangeEnd}");
        // Newest first: the first row is the answer. Enumerating lazily fetches one page of one row.
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: HeadProperties, cancellationToken)
                           .ConfigureAwait(false))
        {
            return new AuditHead(ReadSeq(row), row.GetString(HashProperty) ?? string.Empty);
        }
        return null;
    }

    public async Task AppendAsync(string scope, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        AuditStoreArguments.Batch(scope, entries);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);

        var actions = new List<TableTransactionAction>(2 * entries.Count);
        foreach (var entry in entries)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ToEntryRow(entry)));
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ToHeadRow(entry)));
        }
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException error) when (IsAlreadyExists(error))
        {
            throw new AuditLogConflictException($"Audit scope '{scope}': a sequence in the batch is already stored.", error);
        }
        catch (Exception error) when (AzureWrites.Unanswered(error))
        {
            throw AzureWrites.Unknown($"Audit scope '{scope}': appending {entries.Count} entries", error);
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAfterAsync(string scope, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        AuditStoreArguments.Scope(scope);
        AuditStoreArguments.Limit(limit);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {scope} and RowKey gt {EntryRowKey(Math.Max(0, afterSeq))} and RowKey lt {EntryRangeEnd}");
        var result = new List<AuditEntry>(Math.Min(limit, 256));
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: limit, cancellationToken: cancellationToken)
                           .ConfigureAwait(false))
        {
            result.Add(FromEntryRow(scope, row));
            if (result.Count == limit)
            {
                break;
            }
        }
        return result;
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

    private static bool IsAlreadyExists(RequestFailedException error) =>
        error.Status == 409 || string.Equals(error.ErrorCode, "EntityAlreadyExists", StringComparison.Ordinal);

    internal static string EntryRowKey(long seq) => EntryPrefix + seq.ToString("D19", CultureInfo.InvariantCulture);

    internal static string HeadRowKey(long seq) => HeadPrefix + (long.MaxValue - seq).ToString("D19", CultureInfo.InvariantCulture);

    private static TableEntity ToEntryRow(AuditEntry entry) => new(entry.Scope, EntryRowKey(entry.Seq))
    {
        [SeqProperty] = entry.Seq,
        // Readable in storage explorers; the ticks keep full precision (Azure's DateTime may not) and are what is hashed.
        [AtProperty] = entry.At.ToUniversalTime(),
        [AtTicksProperty] = entry.At.UtcTicks,
        [ActorProperty] = entry.Actor,
        [ActionProperty] = entry.Action,
        [TargetProperty] = entry.Target,
        [DetailsProperty] = entry.Details,
        [PreviousHashProperty] = entry.PreviousHash,
        [HashProperty] = entry.Hash,
    };

    private static TableEntity ToHeadRow(AuditEntry entry) => new(entry.Scope, HeadRowKey(entry.Seq))
    {
        [SeqProperty] = entry.Seq,
        [HashProperty] = entry.Hash,
    };

    /// <summary>A missing property (only a tampered row lacks one) reads as empty, so the entry fails its hash check.</summary>
    private static AuditEntry FromEntryRow(string scope, TableEntity row) => new(
        Scope: scope,
        Seq: row.GetInt64(SeqProperty)
            ?? (long.TryParse(row.RowKey.AsSpan(EntryPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : 0),
        At: AuditStoreArguments.FromTicks(row.GetInt64(AtTicksProperty) ?? long.MinValue),
        Actor: row.GetString(ActorProperty) ?? string.Empty,
        Action: row.GetString(ActionProperty) ?? string.Empty,
        Target: row.GetString(TargetProperty) ?? string.Empty,
        Details: row.GetString(DetailsProperty) ?? string.Empty,
        PreviousHash: row.GetString(PreviousHashProperty) ?? string.Empty,
        Hash: row.GetString(HashProperty) ?? string.Empty);

    private static long ReadSeq(TableEntity row) =>
        row.GetInt64(SeqProperty) ?? throw new InvalidDataException($"Row {row.RowKey} in partition '{row.PartitionKey}' has no {SeqProperty}.");
}
