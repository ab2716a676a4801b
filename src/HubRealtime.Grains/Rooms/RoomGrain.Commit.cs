using HubRealtime.Abstractions.Errors;
using HubRealtime.Grains.Common;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Grains.Rooms;

/// <summary>
/// The room's writer: every event goes through one queue, so sequence order is commit order. Each
/// storage attempt is bounded (<see cref="StorageAttempts"/>): callers hear <c>unavailable</c> only when
/// nothing was stored, <c>outcome_unknown</c> when a sent write went unanswered and reading it back
/// could not find it; the room then resyncs its head from storage before its next write.
/// </summary>
public sealed partial class RoomGrain
{
    /// <summary>A write's outcome is unknown (or a failure left memory unsure): reload the head before the next write.</summary>
    private bool _unsettled;

    private Task<ChangeAck> EnqueueAsync(PendingEvent pending)
    {
        // The store says how much one atomic write may carry (50 on Azure Tables, more on SQLite).
        (_queue ??= new(log.MaxBatchSize, attempts, CommitAsync, Expire)).Enqueue(pending);
        return pending.Completion.Task;
    }

    /// <summary>Waited too long behind slow storage: never written, so "nothing stored" is true.</summary>
    private void Expire(PendingEvent p)
    {
        ForgetInFlight(p);
        p.Completion.TrySetException(new HubRealtimeException(ErrorCodes.Unavailable, "Storage is slow; nothing was stored. Try again."));
    }

    /// <summary>
    /// Commits one batch in order: runs of messages and notices are appended together (group commit);
    /// each change (edit, delete, reaction) is applied on its own, after what precedes it. Never throws.
    /// </summary>
    private async Task CommitAsync(List<PendingEvent> batch)
    {
        var started = attempts.Now();
        var start = 0;
        while (start < batch.Count)
        {
            if (start > 0 && attempts.Elapsed(started) > attempts.Timeout)
            {
                // Storage is slow and the batch alternates messages and changes: the rest would answer
                // after the call timeout, so it is failed unwritten instead.
                batch.GetRange(start, batch.Count - start).ForEach(Expire);
                return;
            }
            if (!batch[start].IsAppend)
            {
                await CommitChangeAsync(batch[start]);
                start++;
                continue;
            }
            var end = start;
            while (end < batch.Count && batch[end].IsAppend)
            {
                end++;
            }
            await CommitAppendsAsync(batch.GetRange(start, end - start));
            start = end;
        }
    }

    private async Task CommitAppendsAsync(List<PendingEvent> batch)
    {
        try
        {
            await ResyncIfUnsettledAsync();
            for (var attempt = 1; batch.Count > 0; attempt++)
            {
                var sentAt = time.GetUtcNow();
                var messages = new ChatMessage[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                {
                    var p = batch[i];
                    messages[i] = new ChatMessage(
                        RoomId, _lastSeq + 1 + i, p.ClientMessageId, p.SenderId, p.SenderName, p.Text, sentAt,
                        p.Kind, ReplyToSeq: p.ReplyToSeq, NoticeType: p.NoticeType);
                }
                try
                {
                    using var deadline = attempts.Start();
                    await log.AppendAsync(RoomId, messages, deadline.Token);
                }
                catch (ChatLogConflictException conflict) when (attempt < CommitAttempts)
                {
                    // A resend whose first copy was stored before this activation (or after a write whose
                    // outcome was unknown), or a second activation writing the same room: settle the
                    // duplicates, resync, retry the rest.
                    LogConflict(conflict, attempt);
                    _unsettled = true;
                    using var deadline = attempts.Start();
                    batch = await SettleStoredAsync(batch, deadline.Token);
                    await LoadLogHeadAsync(deadline.Token);
                    _unsettled = false;
                    continue;
                }
                catch (StorageOutcomeUnknownException unknown)
                {
                    if (!await WasStoredAsync(messages))
                    {
                        FailUnknown(unknown, batch, "The message may or may not be stored; send it again with the same client message id.");
                        return;
                    }
                }
                Appended(batch, messages);
                return;
            }
        }
        catch (Exception error)
        {
            // Nothing of this batch is stored: the store refused it, or cancelled it before sending it.
            // (A read on the way, e.g. settling a conflict, may have been cut short: resync before the next write.)
            LogCommitFailed(error, batch.Count);
            _unsettled = true;
            var failure = new HubRealtimeException(ErrorCodes.Unavailable, "The message could not be stored; send it again with the same client message id.");
            foreach (var p in batch)
            {
                ForgetInFlight(p);
                p.Completion.TrySetException(failure);
            }
            if (error is ChatLogConflictException)
            {
                // Repeated conflicts mean another activation owns this room's log: step aside.
                DeactivateOnIdle();
            }
        }
    }

    private async Task<List<PendingEvent>> SettleStoredAsync(List<PendingEvent> batch, CancellationToken cancellationToken)
    {
        var remaining = new List<PendingEvent>(batch.Count);
        foreach (var p in batch)
        {
            // Notices have no client message id: nothing to settle, they are retried.
            var stored = p.ClientMessageId.Length == 0
                ? null
                : await log.FindByClientMessageIdAsync(RoomId, p.Caller.UserId, p.ClientMessageId, cancellationToken);
            if (stored is null)
            {
                remaining.Add(p);
                continue;
            }
            _acks.Add(p.Caller.UserId, new SendAck(RoomId, stored.Seq, stored.ClientMessageId, stored.SentAt, Duplicate: false));
            ForgetInFlight(p);
            p.FoundStored = true;
            p.Completion.TrySetResult(new ChangeAck(RoomId, stored.Seq, stored));
        }
        return remaining;
    }

    private void Appended(List<PendingEvent> batch, ChatMessage[] messages)
    {
        _lastSeq += messages.Length;
        _recent.AddRange(messages);
        for (var i = 0; i < batch.Count; i++)
        {
            var p = batch[i];
            if (p.Kind == RoomEventKind.Message)
            {
                _acks.Add(p.Caller.UserId, new SendAck(RoomId, messages[i].Seq, p.ClientMessageId, messages[i].SentAt, Duplicate: false));
            }
            ForgetInFlight(p);
            p.Completion.TrySetResult(new ChangeAck(RoomId, messages[i].Seq, messages[i]));
        }
        // One one-way message per subscribed silo, whatever the number of connections there.
        _observers.Notify(o => o.OnMessages(RoomId, messages));
    }

    private void ForgetInFlight(PendingEvent p)
    {
        if (p.Kind == RoomEventKind.Message)
        {
            _inFlight.Remove(p.Key);
        }
    }

    /// <summary>Applies one change to its target's current state, read at commit time so earlier changes count.</summary>
    private async Task CommitChangeAsync(PendingEvent p)
    {
        try
        {
            await ResyncIfUnsettledAsync();
            for (var attempt = 1; ; attempt++)
            {
                using var deadline = attempts.Start();
                var target = await ReadOneAsync(p.TargetSeq, deadline.Token);
                var now = time.GetUtcNow();
                if (MessageChanges.Apply(RoomId, target, p, _lastSeq + 1, now) is not { } applied)
                {
                    p.Completion.TrySetResult(new ChangeAck(RoomId, 0, target!));
                    return;
                }
                try
                {
                    await log.ApplyAsync(RoomId, applied.Change, applied.Target, deadline.Token);
                }
                catch (ChatLogConflictException conflict) when (attempt < CommitAttempts)
                {
                    LogConflict(conflict, attempt);
                    _unsettled = true;
                    using var resync = attempts.Start();
                    await LoadLogHeadAsync(resync.Token);
                    _unsettled = false;
                    continue;
                }
                catch (StorageOutcomeUnknownException unknown)
                {
                    if (!await WasStoredAsync([applied.Change]))
                    {
                        FailUnknown(unknown, [p], "The change may or may not be stored; read the message before trying again.");
                        return;
                    }
                }
                _lastSeq++;
                _recent.AddRange([applied.Change]);
                _recent.Replace(applied.Target);
                if (applied.Change.Kind == RoomEventKind.Delete)
                {
                    _recent.EraseEditsOf(applied.Target.Seq);
                }
                p.Completion.TrySetResult(new ChangeAck(RoomId, applied.Change.Seq, applied.Target));
                _ = _observers.Notify(o => o.OnMessages(RoomId, [applied.Change]));
                return;
            }
        }
        catch (HubRealtimeException refused)
        {
            p.Completion.TrySetException(refused);
        }
        catch (ChatLogLimitException limit)
        {
            p.Completion.TrySetException(HubRealtimeException.Invalid(limit.Message));
        }
        catch (Exception error)
        {
            LogCommitFailed(error, 1);
            _unsettled = true;
            p.Completion.TrySetException(new HubRealtimeException(ErrorCodes.Unavailable, "The change could not be stored; try again."));
            if (error is ChatLogConflictException)
            {
                DeactivateOnIdle();
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
        using var deadline = attempts.Start();
        await LoadLogHeadAsync(deadline.Token);
        _unsettled = false;
    }

    /// <summary>
    /// After a write went unanswered: reads its events back (bounded). True only if every one is stored as
    /// written; false when they are absent or storage does not answer, and then the outcome stays unknown.
    /// </summary>
    private async Task<bool> WasStoredAsync(IReadOnlyList<ChatMessage> written)
    {
        try
        {
            using var deadline = attempts.Start();
            var stored = await log.ReadRangeAsync(RoomId, written[0].Seq, written[^1].Seq, written.Count, deadline.Token);
            return stored.Count == written.Count && stored.Zip(written).All(pair =>
                pair.First.Seq == pair.Second.Seq && pair.First.Kind == pair.Second.Kind && pair.First.SenderId == pair.Second.SenderId
                && pair.First.ClientMessageId == pair.Second.ClientMessageId && pair.First.SentAt == pair.Second.SentAt);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogReadBackFailed(error);
            return false;
        }
    }

    /// <summary>
    /// The write may still be applied later: its callers must not hear that nothing was stored. A resend
    /// with the same client message id is answered once (as a duplicate if the write landed).
    /// </summary>
    private void FailUnknown(Exception error, List<PendingEvent> batch, string message)
    {
        LogOutcomeUnknown(error, batch.Count);
        _unsettled = true;
        var failure = new HubRealtimeException(ErrorCodes.OutcomeUnknown, message);
        foreach (var p in batch)
        {
            ForgetInFlight(p);
            p.Completion.TrySetException(failure);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A write of {Count} events was not answered in time and is not readable; its outcome is unknown")]
    private partial void LogOutcomeUnknown(Exception error, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading back a write whose outcome is unknown failed")]
    private partial void LogReadBackFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat log conflict on attempt {Attempt}; resynchronizing")]
    private partial void LogConflict(Exception error, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing a batch of {Count} events failed")]
    private partial void LogCommitFailed(Exception error, int count);
}
