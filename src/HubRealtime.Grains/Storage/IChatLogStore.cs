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
    /// Cancellation (the writer's deadline): <see cref="OperationCanceledException"/> means the batch was
    /// never handed to storage and is not stored, ever; <see cref="StorageOutcomeUnknownException"/> means
    /// it was sent and not answered, so it may be stored (now or later). Any other failure stores nothing.
    /// </summary>
    Task AppendAsync(string roomId, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> messages with sequence in [<paramref name="fromSeq"/>, <paramref name="toSeq"/>], ascending.</summary>
    Task<IReadOnlyList<ChatMessage>> ReadRangeAsync(string roomId, long fromSeq, long toSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The message a sender stored under a client message id, if any (the idempotency index). Events
    /// stored with an empty client message id (notices, edits, deletes, reactions) are not indexed.
    /// </summary>
    Task<ChatMessage?> FindByClientMessageIdAsync(string roomId, string senderId, string clientMessageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends one Edit, Delete or Reaction event <paramref name="change"/> (new sequence, empty client
    /// message id) and replaces the stored state of its target message with <paramref name="target"/>
    /// (same sequence as <c>change.TargetSeq</c>), atomically. For a Delete the text of the target's
    /// earlier Edit events is erased as well. An existing sequence or a missing target throws
    /// <see cref="ChatLogConflictException"/>; an Edit beyond <see cref="ChatLimits.MaxEditsPerMessage"/>
    /// throws <see cref="ChatLogLimitException"/>; both store nothing. Cancellation as for <see cref="AppendAsync"/>.
    /// </summary>
    Task ApplyAsync(string roomId, ChatMessage change, ChatMessage target, CancellationToken cancellationToken = default);

    /// <summary>
    /// Really deletes (rows and index entries) up to <paramref name="maxRows"/> of the room's oldest
    /// events, those sent before <paramref name="cutoff"/>, oldest first; returns how many it deleted.
    /// The room's last sequence is remembered, so sequences stay dense after everything was purged.
    /// Cost is bounded by <paramref name="maxRows"/>, not by history.
    /// </summary>
    Task<int> PurgeBeforeAsync(string roomId, DateTimeOffset cutoff, int maxRows, CancellationToken cancellationToken = default);
}

/// <summary>A sequence or client message id in the batch is already stored: a second writer, or a bug.</summary>
public sealed class ChatLogConflictException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The change would break a bound of the log (e.g. too many edits of one message); nothing was stored.</summary>
public sealed class ChatLogLimitException(string message) : Exception(message);
