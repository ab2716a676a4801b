using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Streams;
using HubRealtime.Grains.Common;
using HubRealtime.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Grains.Streams;

/// <summary>What an append returned: the stored event, and whether it was stored before (a resend).</summary>
internal readonly record struct StreamAppend<TEvent>(TEvent Event, bool Duplicate);

/// <summary>
/// A change ready to store: the new event, the earlier events it rewrites (their new state, for the
/// window) and the write that stores both (bounded by the token: the attempt's deadline).
/// </summary>
internal sealed record StreamChange<TEvent>(TEvent Appended, IReadOnlyList<TEvent> Replaced, Func<CancellationToken, Task> Write);

/// <summary>How an <see cref="OrderedStream{TEvent, TAck}"/> is sized and what it tells callers when storage fails.</summary>
internal sealed record OrderedStreamOptions(
    int RecentCapacity = 256,
    int AckCapacity = 4096,
    string AppendFailure = "The event could not be stored; send it again with the same client id.",
    string ChangeFailure = "The change could not be stored; try again.",
    string AppendUnknown = "The event may or may not be stored; send it again with the same client id.",
    string ChangeUnknown = "The change may or may not be stored; read the stream before trying again.",
    string Expired = "Storage is slow; nothing was stored. Try again.");

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
    private readonly StorageAttempts _attempts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<TEvent, TAck> _toAck;
    private readonly Action<IReadOnlyList<TEvent>> _published;
    private readonly Action _foreignWriter;
    private readonly OrderedStreamOptions _options;
    private readonly RecentAcks<TAck> _acks;
    private readonly Dictionary<(string, string), Append> _inFlight = [];
    private GroupCommitQueue<Work>? _queue;

    /// <summary>A write's outcome is unknown (or a failure left memory unsure): reload the head before the next write.</summary>
    private bool _unsettled;

    /// <param name="streamId">The stream's id in the log.</param>
    /// <param name="log">Where the stream is stored.</param>
    /// <param name="attempts">Bounds each storage attempt and the time an event may wait in the queue.</param>
    /// <param name="time">The grain's clock: the time each event is stamped with.</param>
    /// <param name="logger">For storage failures.</param>
    /// <param name="toAck">The acknowledgement remembered for a keyed append (small, unlike the event).</param>
    /// <param name="published">Called once per committed batch, in sequence order (e.g. notify observers).</param>
    /// <param name="foreignWriter">Called when repeated conflicts show another activation writes the stream (e.g. DeactivateOnIdle).</param>
    /// <param name="options">Sizes and failure texts.</param>
    public OrderedStream(
        string streamId, IStreamLog<TEvent> log, StorageAttempts attempts, TimeProvider time, ILogger logger, Func<TEvent, TAck> toAck,
        Action<IReadOnlyList<TEvent>> published, Action foreignWriter, OrderedStreamOptions? options = null)
    {
        _streamId = streamId;
        _log = log;
        _attempts = attempts;
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
        // Both reads first, then the change: a read that fails or times out leaves the head as it was.
        var lastSeq = await _log.GetLastSeqAsync(_streamId, cancellationToken);
        var from = Math.Max(1, lastSeq - Recent.Capacity + 1);
        var recent = await _log.ReadRangeAsync(_streamId, from, lastSeq, Recent.Capacity, cancellationToken);
        LastSeq = lastSeq;
        Recent.Clear();
        Recent.AddRange(recent);
    }

    /// <summary>Up to <paramref name="limit"/> events in [from, to], from the window when it holds them, else from the log.</summary>
    public async Task<IReadOnlyList<TEvent>> ReadAsync(long from, long to, int limit, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            return [];
        }
        return Recent.TryGetRange(from, to, limit) ?? await _log.ReadRangeAsync(_streamId, from, to, limit, cancellationToken);
    }

    /// <summary>One event in its current state, or null (never stored, or purged).</summary>
    public async Task<TEvent?> ReadOneAsync(long seq, CancellationToken cancellationToken = default) =>
        seq < 1 || seq > LastSeq ? null : (await ReadAsync(seq, seq, 1, cancellationToken)) is [var found, ..] ? found : null;

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
    /// Runs <paramref name="prepare"/> in sequence order, alone, with the sequence its event gets, the
    /// time and the attempt's deadline: it validates against current state and returns the change (its
    /// event, the events it rewrites, and the write that stores them), or null for a no-op (nothing
    /// appended). Its typed errors reach the caller; a storage conflict re-reads the head and retries.
    /// </summary>
    public Task<StreamChange<TEvent>?> ChangeAsync(Func<long, DateTimeOffset, CancellationToken, Task<StreamChange<TEvent>?>> prepare)
    {
        var change = new Change(prepare);
        Enqueue(change);
        return change.Completion.Task;
    }

    private void Enqueue(Work work) =>
        // The log says how much one atomic write may carry (50 on Azure Tables, more on SQLite).
        (_queue ??= new(_log.MaxBatchSize, _attempts, CommitAsync, Expire)).Enqueue(work);

    /// <summary>Waited too long behind slow storage: never written, so "nothing stored" is true.</summary>
    private void Expire(Work work)
    {
        var failure = new HubRealtimeException(ErrorCodes.Unavailable, _options.Expired);
        switch (work)
        {
            case Append append:
                Forget(append);
                append.Completion.TrySetException(failure);
                break;
            case Change change:
                change.Completion.TrySetException(failure);
                break;
        }
    }

    /// <summary>Commits one batch in order: runs of appends together (group commit), each change on its own after what precedes it. Never throws.</summary>
    private async Task CommitAsync(List<Work> batch)
    {
        var started = _attempts.Now();
        var start = 0;
        while (start < batch.Count)
        {
            if (start > 0 && _attempts.Elapsed(started) > _attempts.Timeout)
            {
                // Storage is slow and the batch alternates appends and changes: the rest would answer
                // after the call timeout, so it is failed unwritten instead.
                batch.GetRange(start, batch.Count - start).ForEach(Expire);
                return;
            }
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
            await ResyncIfUnsettledAsync();
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
                    using var deadline = _attempts.Start();
                    await _log.AppendAsync(_streamId, events, deadline.Token);
                }
                catch (StreamLogConflictException conflict) when (attempt < CommitAttempts)
                {
                    // A resend whose first copy was stored before this activation (or after a write whose
                    // outcome was unknown), or a second activation writing the same stream: settle the
                    // duplicates, resync, retry the rest.
                    LogConflict(conflict, _streamId, attempt);
                    _unsettled = true;
                    using var deadline = _attempts.Start();
                    batch = await SettleStoredAsync(batch, deadline.Token);
                    await LoadHeadAsync(deadline.Token);
                    _unsettled = false;
                    continue;
                }
                catch (StorageOutcomeUnknownException unknown)
                {
                    if (!await WasStoredAsync(events))
                    {
                        FailUnknown(unknown, batch, _options.AppendUnknown);
                        return;
                    }
                }
                Appended(batch, events);
                return;
            }
        }
        catch (Exception error)
        {
            // Nothing of this batch is stored: the store refused it, or cancelled it before sending it.
            // (A read on the way, e.g. settling a conflict, may have been cut short: resync before the next write.)
            LogCommitFailed(error, _streamId, batch.Count);
            _unsettled = true;
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

    private async Task<List<Append>> SettleStoredAsync(List<Append> batch, CancellationToken cancellationToken)
    {
        var remaining = new List<Append>(batch.Count);
        foreach (var append in batch)
        {
            // Events without a client key have nothing to settle: they are retried.
            var stored = append.Keyed ? await _log.FindByClientKeyAsync(_streamId, append.SenderId, append.ClientKey, cancellationToken) : null;
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
            await ResyncIfUnsettledAsync();
            for (var attempt = 1; ; attempt++)
            {
                using var deadline = _attempts.Start();
                var applied = await change.Prepare(LastSeq + 1, _time.GetUtcNow(), deadline.Token);
                if (applied is null)
                {
                    change.Completion.TrySetResult(null);
                    return;
                }
                try
                {
                    await applied.Write(deadline.Token);
                }
                catch (StreamLogConflictException conflict) when (attempt < CommitAttempts)
                {
                    LogConflict(conflict, _streamId, attempt);
                    _unsettled = true;
                    using var resync = _attempts.Start();
                    await LoadHeadAsync(resync.Token);
                    _unsettled = false;
                    continue;
                }
                catch (StorageOutcomeUnknownException unknown)
                {
                    if (!await WasStoredAsync([applied.Appended]))
                    {
                        LogOutcomeUnknown(unknown, _streamId, 1);
                        _unsettled = true;
                        change.Completion.TrySetException(new HubRealtimeException(ErrorCodes.OutcomeUnknown, _options.ChangeUnknown));
                        return;
                    }
                }
                LastSeq++;
                Recent.AddRange([applied.Appended]);
                foreach (var replaced in applied.Replaced)
                {
                    Recent.Replace(replaced);
                }
                change.Completion.TrySetResult(applied);
                _published([applied.Appended]);
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
            _unsettled = true;
            change.Completion.TrySetException(new HubRealtimeException(ErrorCodes.Unavailable, _options.ChangeFailure));
            if (error is StreamLogConflictException)
            {
                _foreignWriter();
            }
        }
    }

    /// <summary>Before writing after an unknown outcome: reload the head, so memory matches storage. Throws if storage does not answer in time.</summary>
    private async Task ResyncIfUnsettledAsync()
    {
        if (!_unsettled)
        {
            return;
        }
        using var deadline = _attempts.Start();
        await LoadHeadAsync(deadline.Token);
        _unsettled = false;
    }

    /// <summary>
    /// After a write went unanswered: reads its events back (bounded). True only if every one is stored as
    /// written; false when they are absent or storage does not answer, and then the outcome stays unknown.
    /// </summary>
    private async Task<bool> WasStoredAsync(IReadOnlyList<TEvent> written)
    {
        try
        {
            using var deadline = _attempts.Start();
            var stored = await _log.ReadRangeAsync(_streamId, written[0].Seq, written[^1].Seq, written.Count, deadline.Token);
            return stored.Count == written.Count && stored.SequenceEqual(written);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogReadBackFailed(error, _streamId);
            return false;
        }
    }

    /// <summary>
    /// The write may still be applied later: its callers must not hear that nothing was stored. A resend
    /// with the same client key is answered once (as a duplicate if the write landed).
    /// </summary>
    private void FailUnknown(Exception error, List<Append> batch, string message)
    {
        LogOutcomeUnknown(error, _streamId, batch.Count);
        _unsettled = true;
        var failure = new HubRealtimeException(ErrorCodes.OutcomeUnknown, message);
        foreach (var append in batch)
        {
            Forget(append);
            append.Completion.TrySetException(failure);
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

    private sealed class Change(Func<long, DateTimeOffset, CancellationToken, Task<StreamChange<TEvent>?>> prepare) : Work
    {
        public Func<long, DateTimeOffset, CancellationToken, Task<StreamChange<TEvent>?>> Prepare { get; } = prepare;
        public TaskCompletionSource<StreamChange<TEvent>?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {StreamId}: log conflict on attempt {Attempt}; resynchronizing")]
    private partial void LogConflict(Exception error, string streamId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream {StreamId}: a write of {Count} events was not answered in time and is not readable; its outcome is unknown")]
    private partial void LogOutcomeUnknown(Exception error, string streamId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {StreamId}: reading back a write whose outcome is unknown failed")]
    private partial void LogReadBackFailed(Exception error, string streamId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream {StreamId}: storing a batch of {Count} events failed")]
    private partial void LogCommitFailed(Exception error, string streamId, int count);
}
