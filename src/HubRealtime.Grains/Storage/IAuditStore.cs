using HubRealtime.Abstractions.Audit;

namespace HubRealtime.Grains.Storage;

/// <summary>The newest stored entry of a scope: what the next entry chains to.</summary>
public sealed record AuditHead(long Seq, string Hash);

/// <summary>
/// The audit log of every scope (<see cref="AuditScope"/>): one record per entry, keyed by (scope, seq),
/// kept outside grain state so that an append costs the same whatever the history's length. The audit
/// log grain of a scope is its only writer; it computes sequences and hashes, the store only keeps them.
/// </summary>
/// <remarks>
/// Insert-only by design. An append never overwrites: an existing (scope, seq) makes the whole batch
/// fail with <see cref="AuditLogConflictException"/>. There is deliberately no update and no delete
/// method. Retention: entries are kept at least one year (issue 3, §5); nothing in the product deletes
/// them. Any purge of entries older than the retention period is an operator's decision, made outside
/// the product, and would show up in verification as removed entries at the start of the chain.
/// </remarks>
public interface IAuditStore
{
    /// <summary>Entries per <see cref="AppendAsync"/> call: two Azure Table rows each, within one 100-row transaction.</summary>
    public const int MaxEntriesPerAppend = 50;

    /// <summary>Entries per <see cref="ReadAfterAsync"/> call.</summary>
    public const int MaxReadLimit = 1000;

    /// <summary>The entry with the highest sequence of the scope (its seq and hash), or null when it has none. Cost independent of history.</summary>
    Task<AuditHead?> GetHeadAsync(string scope, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts 1 to <see cref="MaxEntriesPerAppend"/> entries of <paramref name="scope"/> atomically (all or none).
    /// Each sequence must be new; otherwise nothing is stored and <see cref="AuditLogConflictException"/> is
    /// thrown. Completes only once the entries are durable. Cancellation as for <see cref="IStreamLog{TEvent}.AppendAsync"/>:
    /// <see cref="OperationCanceledException"/> stores nothing, <see cref="StorageOutcomeUnknownException"/> may have stored them.
    /// </summary>
    Task AppendAsync(string scope, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> (1 to <see cref="MaxReadLimit"/>) stored entries with seq &gt;
    /// <paramref name="afterSeq"/>, ascending. Gaps are skipped, not filled, so that a verifier sees them.
    /// </summary>
    Task<IReadOnlyList<AuditEntry>> ReadAfterAsync(string scope, long afterSeq, int limit, CancellationToken cancellationToken = default);
}

/// <summary>A sequence in the batch is already stored: a second writer, or a bug. Nothing of the batch was stored.</summary>
public sealed class AuditLogConflictException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Argument checks shared by the providers.</summary>
internal static class AuditStoreArguments
{
    public static void Scope(string scope)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        // Azure forbids / \ # ? and control characters in keys; the grain only uses "kind:slug" scopes anyway.
        if (scope.Length > 200 || scope.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            throw new ArgumentException($"'{scope}' is not a valid audit scope.", nameof(scope));
        }
    }

    /// <summary>Checks scope, count, positive and distinct sequences; throws the conflict for a sequence twice in the batch.</summary>
    public static void Batch(string scope, IReadOnlyList<AuditEntry> entries)
    {
        Scope(scope);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count is 0 or > IAuditStore.MaxEntriesPerAppend)
        {
            throw new ArgumentException(
                $"An append holds 1 to {IAuditStore.MaxEntriesPerAppend} entries, not {entries.Count}.", nameof(entries));
        }
        var seqs = new HashSet<long>();
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            if (entry.Scope != scope)
            {
                throw new ArgumentException($"Entry {entry.Seq} belongs to scope '{entry.Scope}', not '{scope}'.", nameof(entries));
            }
            if (entry.Seq < 1)
            {
                throw new ArgumentException($"Sequence {entry.Seq} is not positive.", nameof(entries));
            }
            if (!seqs.Add(entry.Seq))
            {
                throw new AuditLogConflictException($"Audit scope '{scope}': the batch holds sequence {entry.Seq} twice.");
            }
        }
    }

    /// <summary>
    /// A stored time. Out-of-range ticks (only a tampered row holds them) read as <see cref="DateTimeOffset.MinValue"/>,
    /// so that the entry fails its hash check instead of failing the read.
    /// </summary>
    public static DateTimeOffset FromTicks(long utcTicks) =>
        utcTicks >= DateTime.MinValue.Ticks && utcTicks <= DateTime.MaxValue.Ticks ? new DateTimeOffset(utcTicks, TimeSpan.Zero) : DateTimeOffset.MinValue;

    public static void Limit(int limit)
    {
        if (limit is < 1 or > IAuditStore.MaxReadLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"A read returns 1 to {IAuditStore.MaxReadLimit} entries.");
        }
    }
}
