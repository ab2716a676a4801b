using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Storage;

/// <summary>
/// The append-only message log of every room, kept outside grain state so that appending costs the
/// same whatever the history's length. Sequences are dense per room (1, 2, 3, ...), and the room
/// grain is their only writer.
/// </summary>
public interface IChatLogStore
{
    /// <summary>
    /// Most messages one <see cref="AppendAsync"/> may carry and still be atomic: the room grain never
    /// batches more (an Azure Table transaction holds 100 rows; SQLite has no such limit).
    /// </summary>
    int MaxBatchSize { get; }

    /// <summary>The highest stored sequence of the room, 0 when it has none. Cost independent of history.</summary>
    Task<long> GetLastSeqAsync(string roomId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a batch of messages atomically (all or none). Each message's sequence and its
    /// (sender, client message id) pair must be new in the room; otherwise nothing is stored and
    /// <see cref="ChatLogConflictException"/> is thrown. Completes only once the batch is durable.
    /// </summary>
    Task AppendAsync(string roomId, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> messages with sequence in [<paramref name="fromSeq"/>, <paramref name="toSeq"/>], ascending.</summary>
    Task<IReadOnlyList<ChatMessage>> ReadRangeAsync(string roomId, long fromSeq, long toSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>The message a sender stored under a client message id, if any (the idempotency index).</summary>
    Task<ChatMessage?> FindByClientMessageIdAsync(string roomId, string senderId, string clientMessageId, CancellationToken cancellationToken = default);
}

/// <summary>A sequence or client message id in the batch is already stored: a second writer, or a bug.</summary>
public sealed class ChatLogConflictException(string message, Exception? inner = null) : Exception(message, inner);
