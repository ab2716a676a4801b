using HubRealtime.Abstractions.Streams;

namespace HubRealtime.Grains.Storage;

/// <summary>
/// The append-only log of ordered streams of one kind (a room's events, a note's ops, a poll's events),
/// keyed by stream id and kept outside grain state, so that an append costs the same whatever the
/// stream's length. Sequences are dense per stream (1, 2, 3, ...) and the stream's grain is their only
/// writer. Events a sender sent under a client key are indexed by (sender, key): that index makes
/// appends idempotent across reactivations.
/// </summary>
public interface IStreamLog<TEvent> where TEvent : class, ISequenced
{
    /// <summary>Most events one <see cref="AppendAsync"/> may carry and still be atomic: the writer never batches more.</summary>
    int MaxBatchSize { get; }

    /// <summary>The highest stored sequence of the stream, 0 when it has none. Cost independent of history.</summary>
    Task<long> GetLastSeqAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a batch atomically (all or none). Each event's sequence and its (sender, client key) pair,
    /// when it has a key, must be new in the stream; otherwise nothing is stored and a
    /// <see cref="StreamLogConflictException"/> is thrown. Completes only once the batch is durable.
    /// Cancellation (the writer's deadline): <see cref="OperationCanceledException"/> means the batch was
    /// never handed to storage and is not stored, ever; <see cref="StorageOutcomeUnknownException"/> means
    /// it was sent and not answered, so it may be stored (now or later). Any other failure stores nothing.
    /// </summary>
    Task AppendAsync(string streamId, IReadOnlyList<TEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> events with sequence in [<paramref name="fromSeq"/>, <paramref name="toSeq"/>], ascending.</summary>
    Task<IReadOnlyList<TEvent>> ReadRangeAsync(string streamId, long fromSeq, long toSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>The event a sender stored under a client key, if any (the idempotency index); an empty key finds nothing.</summary>
    Task<TEvent?> FindByClientKeyAsync(string streamId, string senderId, string clientKey, CancellationToken cancellationToken = default);
}

/// <summary>A sequence or client key in the batch is already stored: a second writer, or a bug. Nothing was stored.</summary>
public class StreamLogConflictException(string message, Exception? inner = null) : Exception(message, inner);
