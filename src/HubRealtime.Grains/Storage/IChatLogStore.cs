using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Storage;

/// <summary>
/// The event log of every room: the room's <see cref="IStreamLog{TEvent}"/> (stream id = room id; the
/// client key is the client message id) plus what only chat needs: changes that rewrite a message's
/// stored state, and retention purges.
/// </summary>
public interface IChatLogStore : IStreamLog<ChatMessage>
{
    /// <summary>
    /// The message a sender stored under a client message id, if any (the idempotency index). Events
    /// stored with an empty client message id (notices, edits, deletes, reactions) are not indexed.
    /// </summary>
    Task<ChatMessage?> FindByClientMessageIdAsync(string roomId, string senderId, string clientMessageId, CancellationToken cancellationToken = default);

    Task<ChatMessage?> IStreamLog<ChatMessage>.FindByClientKeyAsync(string streamId, string senderId, string clientKey, CancellationToken cancellationToken) =>
        FindByClientMessageIdAsync(streamId, senderId, clientKey, cancellationToken);

    /// <summary>
    /// Appends one Edit, Delete or Reaction event <paramref name="change"/> (new sequence, empty client
    /// message id) and replaces the stored state of its target message with <paramref name="target"/>
    /// (same sequence as <c>change.TargetSeq</c>), atomically. For a Delete the text of the target's
    /// earlier Edit events is erased as well. An existing sequence or a missing target throws
    /// <see cref="ChatLogConflictException"/>; an Edit beyond <see cref="ChatLimits.MaxEditsPerMessage"/>
    /// throws <see cref="ChatLogLimitException"/>; both store nothing. Cancellation as for <see cref="IStreamLog{TEvent}.AppendAsync"/>.
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
public sealed class ChatLogConflictException(string message, Exception? inner = null) : StreamLogConflictException(message, inner);

/// <summary>The change would break a bound of the log (e.g. too many edits of one message); nothing was stored.</summary>
public sealed class ChatLogLimitException(string message) : Exception(message);
