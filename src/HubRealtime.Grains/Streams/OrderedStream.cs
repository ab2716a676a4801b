using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Streams;
using HubRealtime.Grains.Common;
using HubRealtime.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Grains.Streams;

/// <summary>What an append returned: the stored event, and whether it was stored before (a resend).</summary>
internal readonly record struct StreamAppend<TEvent>(TEvent Event, bool Duplicate);

/// <summary>What a change stored: the new event and the earlier events it rewrote (their new state).</summary>
internal sealed record StreamChange<TEvent>(TEvent Appended, IReadOnlyList<TEvent> Replaced);

/// <summary>How an <see cref="OrderedStream{TEvent, TAck}"/> is sized and what it tells callers when storage fails.</summary>
internal sealed record OrderedStreamOptions(
    int RecentCapacity = 256,
    int AckCapacity = 4096,
    string AppendFailure = "The event could not be stored; send it again with the same client id.",
    string ChangeFailure = "The change could not be stored; try again.");

/// <summary>
/// The single writer of one ordered stream, for a reentrant grain (a room's events; a note's ops and a
/// poll's events on the same machinery). Holds the dense sequence, commits through one
/// <see cref="GroupCommitQueue{T}"/> so sequence order is commit order (appends that queue up are
/// written together), makes appends idempotent by (sender, client key) through recent acks, the
/// in-flight set and the log's index, keeps a bounded window of the newest events, and hands each
/// committed batch to <c>published</c> once. Runs on the grain's scheduler: every change happens
/// between awaits. Cost per event is flat with history: nothing here reads or holds the whole log.
/// </summary>
internal sealed partial class OrderedStream<TEvent, TAck> where TEvent : class, ISequenced
{
    private const int CommitAttempts = 3;

    private readonly string _streamId;
    private readonly IStreamLog<TEvent> _log;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<TEvent, TAck> _toAck;
    private readonly Action<IReadOnlyList<TEvent>> _published;
    private readonly Action _foreignWriter;
    private readonly OrderedStreamOptions _options;
    private readonly RecentAcks<TAck> _acks;
    private readonly Dictionary<(string, string), Append> _inFlight = [];
    private GroupCommitQueue<Work>? _queue;

    /// <param name="streamId">The stream's id in the log.</param>
    /// <param name="log">Where the stream is stored.</param>
    /// <param name="time">The grain's clock: the time each event is stamped with.</param>
    /// <param name="logger">For storage failures.</param>
    /// <param name="toAck">The acknowledgement remembered for a keyed append (small, unlike the event).</param>
    /// <param name="published">Called once per committed batch, in sequence order (e.g. notify observers).</param>
    /// <param name="foreignWriter">Called when repeated conflicts show another activation writes the stream (e.g. DeactivateOnIdle).</param>
    /// <param name="options">Sizes and failure texts.</param>
    public OrderedStream(
        string streamId, IStreamLog<TEvent> log, TimeProvider time, ILogger logger, Func<TEvent, TAck> toAck,
        Action<IReadOnlyList<TEvent>> published, Action foreignWriter, OrderedStreamOptions? options = null)
    {
        _streamId = streamId;
        _log = log;
        _time = time;
        _logger = logger;
        _toAck = toAck;
        _published = published;
        _foreignWriter = foreignWriter;
        _options = options ?? new OrderedStreamOptions();
        _acks = new(_options.AckCapacity);
        Recent = new(_options.RecentCapacity);
    }

    /// <summary>The highest committed sequence (0: empty stream).</summary>
    public long LastSeq { get; private set; }

    /// <summary>The newest events in their current state.</summary>
    public RecentWindow<TEvent> Recent { get; }

    /// <summary>Reads the last sequence and the newest events from the log (activation, or after a conflict).</summary>
    public async Task LoadHeadAsync(CancellationToken cancellationToken)
    {
        LastSeq = await _log.GetLastSeqAsync(_streamId, cancellationToken);
        var from = Math.Max(1, LastSeq - Recent.Capacity + 1);
        Recent.Clear();
        Recent.AddRange(await _log.ReadRangeAsync(_streamId, from, LastSeq, Recent.Capacity, cancellationToken));
    }

    /// <summary>Up to <paramref name="limit"/> events in [from, to], from the window when it holds them, else from the log.</summary>
    public async Task<IReadOnlyList<TEvent>> ReadAsync(long from, long to, int limit)
    {
        if (to < from)
        {
            return [];
        }
        return Recent.TryGetRange(from, to, limit) ?? await _log.ReadRangeAsync(_streamId, from, to, limit);
    }

    /// <summary>One event in its current state, or null (never stored, or purged).</summary>
    public async Task<TEvent?> ReadOneAsync(long seq) =>
        seq < 1 || seq > LastSeq ? null : (await ReadAsync(seq, seq, 1)).FirstOrDefault();

    /// <summary>
    /// The acknowledgement of an append already made or in flight under (sender, key), or null: then only
    /// the log may still know it (<see cref="FindStoredAsync"/>).
    /// </summary>
    public Task<TAck>? Known(string senderId, string clientKey)
    {
        if (_acks.TryGet(senderId, clientKey, out var ack))
        {
            return Task.FromResult(ack);
        }
        return _inFlight.TryGetValue((senderId, clientKey), out var twin) ? AckOf(twin) : null;

        async Task<TAck> AckOf(Append twin) => _toAck((await twin.Completion.Task).Event);
    }

    /// <summary>The event stored under (sender, key) according to the log's idempotency index.</summary>
    public Task<TEvent?> FindStoredAsync(string senderId, string clientKey) =>
        _log.FindByClientKeyAsync(_streamId, senderId, clientKey);

    /// <summary>Forgets remembered acks (a purge removed their events: the log no longer knows them).</summary>
    public void ForgetAcks() => _acks.Clear();

    /// <summary>
    /// Appends an event made by <paramref name="make"/> from its sequence and commit time; completes once
    /// it is durable. With a client key, a resend (same sender and key) returns the stored event, once.
    /// Fails with unavailable when storage fails (nothing stored).
    /// </summary>
    public Task<StreamAppend<TEvent>> AppendAsync(string senderId, string clientKey, Func<long, DateTimeOffset, TEvent> make)
    {
        if (clientKey.Length > 0 && _inFlight.TryGetValue((senderId, clientKey), out var twin))
        {
            return DuplicateOf(twin);
        }
        var append = new Append(senderId, clientKey, make);
        if (append.Keyed)
        {
            _inFlight[append.Key] = append;
        }
        Enqueue(append);
        return append.Completion.Task;

        static async Task<StreamAppend<TEvent>> DuplicateOf(Append twin) => (await twin.Completion.Task) with { Duplicate = true };
    }

    /// <summary>
    /// Runs <paramref name="apply"/> in sequence order, alone, with the sequence its event gets and the
    /// time: it validates against current state, writes the event (and the events it rewrites) to the
    /// log itself, and returns them, or null for a no-op (nothing appended). Its typed errors reach the
    /// caller; a storage conflict re-reads the head and retries.
    /// </summary>
    public Task<StreamChange<TEvent>?> ChangeAsync(Func<long, DateTimeOffset, Task<StreamChange<TEvent>?>> apply)
    {
        var change = new Change(apply);
        Enqueue(change);
        return change.Completion.Task;
    }

    private void Enqueue(Work work) =>
        // The log says how much one atomic write may carry (50 on Azure Tables, more on SQLite).
        (_queue ??= new(_log.MaxBatchSize, CommitAsync)).Enqueue(work);

    /// <summary>Commits one batch in order: runs of appends together (group commit), each change on its own after what precedes it. Never throws.</summary>
    private async Task CommitAsync(List<Work> batch)
    {
        var start = 0;
        while (start < batch.Count)
        {
            if (batch[start] is Change change)
            {
                await CommitChangeAsync(change);
                start++;
                continue;
            }
            var end = start;
            while (end < batch.Count && batch[end] is Append)
            {
                end++;
            }
            await CommitAppendsAsync(batch.GetRange(start, end - start).Cast<Append>().ToList());
            start = end;
        }
    }

    private async Task CommitAppendsAsync(List<Append> batch)
    {
        try
        {
            for (var attempt = 1; batch.Count > 0; attempt++)
            {
                var at = _time.GetUtcNow();
                var events = new TEvent[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                {
                    events[i] = batch[i].Make(LastSeq + 1 + i, at);
                }
                try
                {
                    await _log.AppendAsync(_streamId, events);
                }
                catch (StreamLogConflictException conflict) when (attempt < CommitAttempts)
                {
                    // A resend whose first copy was stored before this activation, or a second
                    // activation writing the same stream: settle the duplicates, resync, retry the rest.
                    LogConflict(conflict, _streamId, attempt);
                    batch = await SettleStoredAsync(batch);
                    await LoadHeadAsync(CancellationToken.None);
                    continue;
                }
                Appended(batch, events);
                return;
            }
        }
        catch (Exception error)
        {
            LogCommitFailed(error, _streamId, batch.Count);
            var failure = new HubRealtimeException(ErrorCodes.Unavailable, _options.AppendFailure);
            foreach (var append in batch)
            {
                Forget(append);
                append.Completion.TrySetException(failure);
            }
            if (error is StreamLogConflictException)
            {
                // Repeated conflicts mean another activation owns this stream's log: step aside.
                _foreignWriter();
            }
        }
    }

    private async Task<List<Append>> SettleStoredAsync(List<Append> batch)
    {
        var remaining = new List<Append>(batch.Count);
        foreach (var append in batch)
        {
            // Events without a client key have nothing to settle: they are retried.
            var stored = append.Keyed ? await _log.FindByClientKeyAsync(_streamId, append.SenderId, append.ClientKey) : null;
            if (stored is null)
            {
                remaining.Add(append);
                continue;
            }
            _acks.Add(append.SenderId, append.ClientKey, _toAck(stored));
            Forget(append);
            append.Completion.TrySetResult(new StreamAppend<TEvent>(stored, Duplicate: true));
        }
        return remaining;
    }

    private void Appended(List<Append> batch, TEvent[] events)
    {
        LastSeq += events.Length;
        Recent.AddRange(events);
        for (var i = 0; i < batch.Count; i++)
        {
            var append = batch[i];
            if (append.Keyed)
            {
                _acks.Add(append.SenderId, append.ClientKey, _toAck(events[i]));
            }
            Forget(append);
            append.Completion.TrySetResult(new StreamAppend<TEvent>(events[i], Duplicate: false));
        }
        _published(events);
    }

    private void Forget(Append append)
    {
        if (append.Keyed)
        {
            _inFlight.Remove(append.Key);
        }
    }

    private async Task CommitChangeAsync(Change change)
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                StreamChange<TEvent>? applied;
                try
                {
                    applied = await change.Apply(LastSeq + 1, _time.GetUtcNow());
                }
                catch (StreamLogConflictException conflict) when (attempt < CommitAttempts)
                {
                    LogConflict(conflict, _streamId, attempt);
                    await LoadHeadAsync(CancellationToken.None);
                    continue;
                }
                if (applied is not null)
                {
                    LastSeq++;
                    Recent.AddRange([applied.Appended]);
                    foreach (var replaced in applied.Replaced)
                    {
                        Recent.Replace(replaced);
                    }
                    _published([applied.Appended]);
                }
                change.Completion.TrySetResult(applied);
                return;
            }
        }
        catch (HubRealtimeException refused)
        {
            change.Completion.TrySetException(refused);
        }
        catch (Exception error)
        {
            LogCommitFailed(error, _streamId, 1);
            change.Completion.TrySetException(new HubRealtimeException(ErrorCodes.Unavailable, _options.ChangeFailure));
            if (error is StreamLogConflictException)
            {
                _foreignWriter();
            }
        }
    }

    private abstract class Work;

    private sealed class Append(string senderId, string clientKey, Func<long, DateTimeOffset, TEvent> make) : Work
    {
        public string SenderId { get; } = senderId;
        public string ClientKey { get; } = clientKey;
        public Func<long, DateTimeOffset, TEvent> Make { get; } = make;
        public bool Keyed => ClientKey.Length > 0;
        public (string, string) Key => (SenderId, ClientKey);
        public TaskCompletionSource<StreamAppend<TEvent>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Change(Func<long, DateTimeOffset, Task<StreamChange<TEvent>?>> apply) : Work
    {
        public Func<long, DateTimeOffset, Task<StreamChange<TEvent>?>> Apply { get; } = apply;
        public TaskCompletionSource<StreamChange<TEvent>?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {StreamId}: log conflict on attempt {Attempt}; resynchronizing")]
    private partial void LogConflict(Exception error, string streamId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream {StreamId}: storing a batch of {Count} events failed")]
    private partial void LogCommitFailed(Exception error, string streamId, int count);
}
