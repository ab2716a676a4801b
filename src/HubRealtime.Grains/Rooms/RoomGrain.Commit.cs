using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Grains.Rooms;

/// <summary>The room's writer: every event goes through one queue, so sequence order is commit order.</summary>
public sealed partial class RoomGrain
{
    private Task<ChangeAck> EnqueueAsync(PendingEvent pending)
    {
        // The store says how much one atomic write may carry (50 on Azure Tables, more on SQLite).
        (_queue ??= new(log.MaxBatchSize, CommitAsync)).Enqueue(pending);
        return pending.Completion.Task;
    }

    /// <summary>
    /// Commits one batch in order: runs of messages and notices are appended together (group commit);
    /// each change (edit, delete, reaction) is applied on its own, after what precedes it. Never throws.
    /// </summary>
    private async Task CommitAsync(List<PendingEvent> batch)
    {
        var start = 0;
        while (start < batch.Count)
        {
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
                    await log.AppendAsync(RoomId, messages);
                }
                catch (ChatLogConflictException conflict) when (attempt < CommitAttempts)
                {
                    // A resend whose first copy was stored before this activation, or a second
                    // activation writing the same room: settle the duplicates, resync, retry the rest.
                    LogConflict(conflict, attempt);
                    batch = await SettleStoredAsync(batch);
                    await LoadLogHeadAsync(CancellationToken.None);
                    continue;
                }
                Appended(batch, messages);
                return;
            }
        }
        catch (Exception error)
        {
            LogCommitFailed(error, batch.Count);
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

    private async Task<List<PendingEvent>> SettleStoredAsync(List<PendingEvent> batch)
    {
        var remaining = new List<PendingEvent>(batch.Count);
        foreach (var p in batch)
        {
            // Notices have no client message id: nothing to settle, they are retried.
            var stored = p.ClientMessageId.Length == 0
                ? null
                : await log.FindByClientMessageIdAsync(RoomId, p.Caller.UserId, p.ClientMessageId);
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
            for (var attempt = 1; ; attempt++)
            {
                var target = await ReadOneAsync(p.TargetSeq);
                var now = time.GetUtcNow();
                if (MessageChanges.Apply(RoomId, target, p, _lastSeq + 1, now) is not { } applied)
                {
                    p.Completion.TrySetResult(new ChangeAck(RoomId, 0, target!));
                    return;
                }
                try
                {
                    await log.ApplyAsync(RoomId, applied.Change, applied.Target);
                }
                catch (ChatLogConflictException conflict) when (attempt < CommitAttempts)
                {
                    LogConflict(conflict, attempt);
                    await LoadLogHeadAsync(CancellationToken.None);
                    continue;
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
            p.Completion.TrySetException(new HubRealtimeException(ErrorCodes.Unavailable, "The change could not be stored; try again."));
            if (error is ChatLogConflictException)
            {
                DeactivateOnIdle();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat log conflict on attempt {Attempt}; resynchronizing")]
    private partial void LogConflict(Exception error, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing a batch of {Count} events failed")]
    private partial void LogCommitFailed(Exception error, int count);
}
