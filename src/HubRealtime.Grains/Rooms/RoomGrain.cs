using HubRealtime.Grains.Common;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Security;
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
    private const int CommitAttempts = 3;

    /// <summary>A silo that stops refreshing its subscription for this long is dropped.</summary>
    internal static readonly TimeSpan ObserverExpiry = TimeSpan.FromMinutes(2);

    private readonly RecentMessages _recent = new(256);
    private readonly RecentAcks _acks = new(4096);
    private GroupCommitQueue<PendingSend>? _queue;
    private readonly Dictionary<(string, string), PendingSend> _inFlight = [];
    private readonly SemaphoreSlim _accessWrite = new(1, 1);
    private readonly ObserverManager<IRoomObserver> _observers = new(ObserverExpiry, logger) { GetDateTime = () => time.GetUtcNow().UtcDateTime };
    private HashSet<string> _members = new(StringComparer.Ordinal);
    private long _lastSeq;
    private bool _creating;

    private string RoomId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            LoadAccess();
            await LoadLogHeadAsync(cancellationToken);
        }
    }

    public Task<RoomInfo> Create(Caller caller, string title)
    {
        ChatInput.RequireCaller(caller);
        return CreateAsync(caller.UserId, title, RoomAccess.Open);
    }

    public Task<RoomInfo> CreateRestricted(Caller caller, string title, RoomAccess access)
    {
        CallerAuthority.RequireSystem(caller);
        return access?.OwnerScope is { } scope
            ? CreateAsync(scope, title, access)
            : throw HubRealtimeException.Invalid("A restricted room needs an owner scope.");
    }

    public async Task ConfigureAccess(Caller caller, RoomAccess access)
    {
        CallerAuthority.RequireSystem(caller);
        var (scope, members) = RoomAccessRules.Validate(access);
        EnsureExists();
        // Reentrant grain: one state write at a time, the last replace wins.
        await _accessWrite.WaitAsync();
        try
        {
            var before = _members;
            state.State.AccessScope = scope;
            state.State.AccessMembers = members;
            LoadAccess();
            await state.WriteStateAsync();
            // Members who lost access may still hold open connections in the room's stream.
            // (A room that turns from open to restricted has no list to compare: its connections
            // are refused at their next call.)
            var revoked = before.Where(user => !_members.Contains(user)).ToArray();
            if (revoked.Length > 0)
            {
                await _observers.Notify(o => o.OnAccessRevoked(RoomId, revoked));
            }
        }
        catch
        {
            await state.ReadStateAsync();
            LoadAccess();
            throw;
        }
        finally
        {
            _accessWrite.Release();
        }
    }

    public Task<RoomInfo> GetInfo(Caller caller)
    {
        RequireAccess(caller);
        return Task.FromResult(Info());
    }

    public Task<RoomSnapshot> Join(Caller caller)
    {
        RequireAccess(caller);
        return Task.FromResult(new RoomSnapshot(Info(), _recent.Newest(ChatLimits.JoinHistorySize), _lastSeq));
    }

    public async Task<SendAck> Send(Caller caller, SendMessageRequest request)
    {
        ChatInput.RequireCaller(caller);
        var clientMessageId = ChatInput.ClientMessageId(request?.ClientMessageId);
        var text = ChatInput.Text(request!.Text);
        RequireAccess(caller);

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
        // The store says how much one atomic write may carry (50 on Azure Tables, more on SQLite).
        (_queue ??= new(log.MaxBatchSize, CommitAsync)).Enqueue(pending);
        return await pending.Completion.Task;
    }

    public async Task<MessagePage> GetHistoryBefore(Caller caller, long beforeSeq, int limit)
    {
        ChatInput.RequireCaller(caller);
        limit = ChatInput.PageSize(limit);
        RequireAccess(caller);
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
        RequireAccess(caller);
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

    private async Task<RoomInfo> CreateAsync(string createdBy, string title, RoomAccess access)
    {
        Abstractions.Rooms.RoomId.Validate(RoomId);
        var cleanTitle = ChatInput.Title(title);
        var (scope, members) = RoomAccessRules.Validate(access);
        if (state.RecordExists || _creating)
        {
            throw new HubRealtimeException(ErrorCodes.RoomExists, $"Room '{RoomId}' already exists.");
        }
        _creating = true;
        try
        {
            state.State = new RoomState
            {
                Title = cleanTitle,
                CreatedAt = time.GetUtcNow(),
                CreatedBy = createdBy,
                AccessScope = scope,
                AccessMembers = members,
            };
            LoadAccess();
            await state.WriteStateAsync();
            await LoadLogHeadAsync(CancellationToken.None);
        }
        catch
        {
            // Leave no half-created room behind in memory: reload what storage really holds.
            await state.ReadStateAsync();
            LoadAccess();
            throw;
        }
        finally
        {
            _creating = false;
        }
        return Info();
    }

    /// <summary>Identified caller, existing room, and (for a restricted room) a member or the system.</summary>
    private void RequireAccess(Caller caller)
    {
        ChatInput.RequireCaller(caller);
        EnsureExists();
        RoomAccessRules.Require(state.State.AccessScope, _members, caller);
    }

    private void LoadAccess() => _members = new HashSet<string>(state.State.AccessMembers ?? [], StringComparer.Ordinal);

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
