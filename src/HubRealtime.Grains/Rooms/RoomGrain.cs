using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Utilities;

namespace HubRealtime.Grains.Rooms;

/// <summary>
/// A room: the single writer of its chat log and the source of its live events.
/// Reentrant so that sends arriving while a write is in flight queue up and are committed together
/// in the next write (group commit); every state change happens between awaits, so turns never see
/// a half-made change.
/// </summary>
[Reentrant]
public sealed partial class RoomGrain(
    [PersistentState("room", StorageNames.Grains)] IPersistentState<RoomState> state,
    IChatLogStore log,
    TimeProvider time,
    ILogger<RoomGrain> logger) : Grain, IRoomGrain
{
    /// <summary>At most this many messages per storage write: one Azure Table transaction holds 100 rows, two per message.</summary>
    internal const int MaxBatch = 50;
    private const int CommitAttempts = 3;

    /// <summary>A silo that stops refreshing its subscription for this long is dropped.</summary>
    internal static readonly TimeSpan ObserverExpiry = TimeSpan.FromMinutes(2);

    private readonly RecentMessages _recent = new(256);
    private readonly RecentAcks _acks = new(4096);
    private readonly List<PendingSend> _queue = [];
    private readonly Dictionary<(string, string), PendingSend> _inFlight = [];
    private readonly ObserverManager<IRoomObserver> _observers = new(ObserverExpiry, logger) { GetDateTime = () => time.GetUtcNow().UtcDateTime };
    private long _lastSeq;
    private bool _flushing;
    private bool _creating;

    private string RoomId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            await LoadLogHeadAsync(cancellationToken);
        }
    }

    public async Task<RoomInfo> Create(Caller caller, string title)
    {
        ChatInput.RequireCaller(caller);
        Abstractions.Rooms.RoomId.Validate(RoomId);
        var cleanTitle = ChatInput.Title(title);
        if (state.RecordExists || _creating)
        {
            throw new HubRealtimeException(ErrorCodes.RoomExists, $"Room '{RoomId}' already exists.");
        }
        _creating = true;
        try
        {
            state.State = new RoomState { Title = cleanTitle, CreatedAt = time.GetUtcNow(), CreatedBy = caller.UserId };
            await state.WriteStateAsync();
            await LoadLogHeadAsync(CancellationToken.None);
        }
        catch
        {
            // Leave no half-created room behind in memory: reload what storage really holds.
            await state.ReadStateAsync();
            throw;
        }
        finally
        {
            _creating = false;
        }
        return Info();
    }

    public Task<RoomInfo> GetInfo(Caller caller)
    {
        ChatInput.RequireCaller(caller);
        EnsureExists();
        return Task.FromResult(Info());
    }

    public Task<RoomSnapshot> Join(Caller caller)
    {
        ChatInput.RequireCaller(caller);
        EnsureExists();
        return Task.FromResult(new RoomSnapshot(Info(), _recent.Newest(ChatLimits.JoinHistorySize), _lastSeq));
    }

    public async Task<SendAck> Send(Caller caller, SendMessageRequest request)
    {
        ChatInput.RequireCaller(caller);
        var clientMessageId = ChatInput.ClientMessageId(request?.ClientMessageId);
        var text = ChatInput.Text(request!.Text);
        EnsureExists();

        if (_acks.TryGet(caller.UserId, clientMessageId, out var known))
        {
            return known with { Duplicate = true };
        }
        var key = (caller.UserId, clientMessageId);
        if (_inFlight.TryGetValue(key, out var twin))
        {
            return (await twin.Completion.Task) with { Duplicate = true };
        }

        var pending = new PendingSend(caller, clientMessageId, text);
        _inFlight[key] = pending;
        _queue.Add(pending);
        if (!_flushing)
        {
            _flushing = true;
            _ = FlushAsync();
        }
        return await pending.Completion.Task;
    }

    public async Task<MessagePage> GetHistoryBefore(Caller caller, long beforeSeq, int limit)
    {
        ChatInput.RequireCaller(caller);
        limit = ChatInput.PageSize(limit);
        EnsureExists();
        var end = beforeSeq <= 0 || beforeSeq > _lastSeq ? _lastSeq : beforeSeq - 1;
        return new MessagePage(await ReadAsync(Math.Max(1, end - limit + 1), end, limit), _lastSeq);
    }

    public async Task<MessagePage> GetHistoryAfter(Caller caller, long afterSeq, int limit)
    {
        ChatInput.RequireCaller(caller);
        limit = ChatInput.PageSize(limit);
        if (afterSeq < 0)
        {
            throw HubRealtimeException.Invalid("afterSeq must be 0 or more.");
        }
        EnsureExists();
        return new MessagePage(await ReadAsync(afterSeq + 1, Math.Min(_lastSeq, afterSeq + limit), limit), _lastSeq);
    }

    public Task<long> Subscribe(IRoomObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        EnsureExists();
        _observers.Subscribe(observer, observer);
        return Task.FromResult(_lastSeq);
    }

    public Task Unsubscribe(IRoomObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<ChatMessage>> ReadAsync(long from, long to, int limit)
    {
        if (to < from)
        {
            return [];
        }
        return _recent.TryGetRange(from, to) ?? await log.ReadRangeAsync(RoomId, from, to, limit);
    }

    private async Task LoadLogHeadAsync(CancellationToken cancellationToken)
    {
        _lastSeq = await log.GetLastSeqAsync(RoomId, cancellationToken);
        var from = Math.Max(1, _lastSeq - _recent.Capacity + 1);
        _recent.Clear();
        _recent.AddRange(await log.ReadRangeAsync(RoomId, from, _lastSeq, _recent.Capacity, cancellationToken));
    }

    private async Task FlushAsync()
    {
        try
        {
            while (_queue.Count > 0)
            {
                var count = Math.Min(MaxBatch, _queue.Count);
                var batch = _queue.GetRange(0, count);
                _queue.RemoveRange(0, count);
                await CommitAsync(batch);
            }
        }
        finally
        {
            _flushing = false;
        }
    }

    /// <summary>Stores one batch and completes its senders; never throws (failures go to the senders).</summary>
    private async Task CommitAsync(List<PendingSend> batch)
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
                    messages[i] = new ChatMessage(RoomId, _lastSeq + 1 + i, p.ClientMessageId, p.Caller.UserId, p.Caller.DisplayName, p.Text, sentAt);
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
                Committed(batch, messages);
                return;
            }
        }
        catch (Exception error)
        {
            LogCommitFailed(error, batch.Count);
            var failure = new HubRealtimeException(ErrorCodes.Unavailable, "The message could not be stored; send it again with the same client message id.");
            foreach (var p in batch)
            {
                _inFlight.Remove(p.Key);
                p.Completion.TrySetException(failure);
            }
            if (error is ChatLogConflictException)
            {
                // Repeated conflicts mean another activation owns this room's log: step aside.
                DeactivateOnIdle();
            }
        }
    }

    private async Task<List<PendingSend>> SettleStoredAsync(List<PendingSend> batch)
    {
        var remaining = new List<PendingSend>(batch.Count);
        foreach (var p in batch)
        {
            var stored = await log.FindByClientMessageIdAsync(RoomId, p.Caller.UserId, p.ClientMessageId);
            if (stored is null)
            {
                remaining.Add(p);
                continue;
            }
            var ack = new SendAck(RoomId, stored.Seq, stored.ClientMessageId, stored.SentAt, Duplicate: true);
            _acks.Add(p.Caller.UserId, ack with { Duplicate = false });
            _inFlight.Remove(p.Key);
            p.Completion.TrySetResult(ack);
        }
        return remaining;
    }

    private void Committed(List<PendingSend> batch, ChatMessage[] messages)
    {
        _lastSeq += messages.Length;
        _recent.AddRange(messages);
        for (var i = 0; i < batch.Count; i++)
        {
            var p = batch[i];
            var ack = new SendAck(RoomId, messages[i].Seq, p.ClientMessageId, messages[i].SentAt, Duplicate: false);
            _acks.Add(p.Caller.UserId, ack);
            _inFlight.Remove(p.Key);
            p.Completion.TrySetResult(ack);
        }
        // One one-way message per subscribed silo, whatever the number of connections there.
        _observers.Notify(o => o.OnMessages(RoomId, messages));
    }

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw new HubRealtimeException(ErrorCodes.RoomNotFound, $"Room '{RoomId}' does not exist.");
        }
    }

    private RoomInfo Info() => new(RoomId, state.State.Title, state.State.CreatedAt, state.State.CreatedBy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat log conflict on attempt {Attempt}; resynchronizing")]
    private partial void LogConflict(Exception error, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing a batch of {Count} messages failed")]
    private partial void LogCommitFailed(Exception error, int count);
}
