using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Common;
using HubRealtime.Grains.Security;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Streams;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace HubRealtime.Grains.Rooms;

/// <summary>
/// A room: the single writer of its event stream (messages, edits, deletes, reactions, notices) and
/// the source of its live events, on the ordered-stream machinery (<see cref="OrderedStream{TEvent, TAck}"/>).
/// Reentrant so that events arriving while a write is in flight queue up and are committed together
/// in the next write (group commit); every state change happens between awaits, so turns never see a
/// half-made change.
/// </summary>
[Reentrant]
public sealed partial class RoomGrain(
    [PersistentState("room", StorageNames.Grains)] IPersistentState<RoomState> state,
    IChatLogStore log,
    StorageAttempts attempts,
    TimeProvider time,
    IClusterMembershipService membership,
    ILogger<RoomGrain> logger) : Grain, IRoomGrain, IRemindable
{
    /// <summary>A silo that stops refreshing its subscription for this long is dropped.</summary>
    internal static readonly TimeSpan ObserverExpiry = TimeSpan.FromMinutes(2);

    private OrderedStream<ChatMessage, SendAck>? _stream;
    private readonly SemaphoreSlim _accessWrite = new(1, 1);
    private readonly SiloObservers<IRoomObserver> _observers = new(ObserverExpiry, time, () => membership.CurrentSnapshot, logger);
    private HashSet<string> _members = new(StringComparer.Ordinal);
    private HashSet<string> _moderators = new(StringComparer.Ordinal);
    private HashSet<string> _muted = new(StringComparer.Ordinal);
    private bool _creating;

    private string RoomId => this.GetPrimaryKeyString();

    /// <summary>The room's ordered stream: sequence, group commit, idempotent sends, recent window.</summary>
    private OrderedStream<ChatMessage, SendAck> Stream => _stream ??= new(
        RoomId, log, attempts, time, logger,
        toAck: m => new SendAck(RoomId, m.Seq, m.ClientMessageId, m.SentAt, Duplicate: false),
        // Typed once per batch, then one one-way message per subscribed silo, whatever the number of connections there.
        published: rows =>
        {
            var events = RoomEvents.FromRows(rows);
            _observers.Notify(o => o.OnEvents(RoomId, events));
        },
        foreignWriter: DeactivateOnIdle,
        new OrderedStreamOptions(
            AppendFailure: "The message could not be stored; send it again with the same client message id.",
            AppendUnknown: "The message may or may not be stored; send it again with the same client message id.",
            ChangeUnknown: "The change may or may not be stored; read the message before trying again."));

    private long LastSeq => Stream.LastSeq;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            LoadAccess();
            await LoadLogHeadAsync(cancellationToken);
            ArmPurgeTimer();
        }
    }

    public Task<RoomInfo> Create(Caller caller, string title)
    {
        ChatInput.RequireCaller(caller);
        if (Abstractions.Rooms.RoomId.IsReserved(RoomId))
        {
            // Taken first by a member, such an id would block the group or meeting it belongs to.
            throw HubRealtimeException.Invalid(
                $"Room ids starting with {string.Join(" or ", Abstractions.Rooms.RoomId.ReservedPrefixes.Select(p => $"'{p}'"))} are reserved for working groups and meetings.");
        }
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
        var (scope, members, moderators) = RoomAccessRules.Validate(access);
        EnsureExists();
        var kept = members.Concat(moderators).ToHashSet(StringComparer.Ordinal);
        string[] revoked = [];
        // One state write at a time (the last replace wins), reverted if it fails.
        await WriteStateAsync(s =>
        {
            // Members who lost access may still hold open connections in the room's stream.
            // (A room that turns from open to restricted has no list to compare: its connections
            // are refused at their next call.)
            revoked = scope is null ? [] : _members.Union(_moderators).Where(user => !kept.Contains(user)).ToArray();
            s.AccessScope = scope;
            s.AccessMembers = members;
            s.AccessModerators = moderators;
        });
        if (revoked.Length > 0)
        {
            await _observers.Notify(o => o.OnAccessRevoked(RoomId, revoked));
        }
    }

    public Task<RoomInfo> GetInfo(Caller caller)
    {
        RequireAccess(caller);
        return Task.FromResult(Info());
    }

    public Task<RoomActivity> GetActivity(Caller caller)
    {
        RequireAccess(caller);
        return Task.FromResult(new RoomActivity(RoomId, state.State.Title, LastSeq, HeadMessageNo(), state.State.Closed));
    }

    public async Task<RoomReadPoint> ReadPoint(Caller caller, long seq)
    {
        RequireAccess(caller);
        if (seq < 0)
        {
            throw HubRealtimeException.Invalid("seq must be 0 or more.");
        }
        var at = Math.Min(seq, LastSeq);
        if (at == LastSeq)
        {
            return new RoomReadPoint(RoomId, at, HeadMessageNo());
        }
        // One window or point read. A purged event (retention) counts as the start of what is left.
        var row = at == 0 ? null : await Stream.ReadOneAsync(at);
        return new RoomReadPoint(RoomId, at, row?.MessageNo ?? 0);
    }

    public Task<RoomCapabilities> GetCapabilities(Caller caller)
    {
        RequireAccess(caller);
        return Task.FromResult(CapabilitiesOf(caller));
    }

    public Task<string?> GetOwnerScope(Caller caller)
    {
        CallerAuthority.RequireSystem(caller);
        EnsureExists();
        return Task.FromResult(state.State.AccessScope);
    }

    public Task<RoomSnapshot> Join(Caller caller)
    {
        RequireAccess(caller);
        return Task.FromResult(new RoomSnapshot(Info(), RoomEvents.FromRows(Stream.Recent.Newest(ChatLimits.JoinHistorySize)), LastSeq, CapabilitiesOf(caller), HeadMessageNo()));
    }

    public async Task<SendAck> Send(Caller caller, SendMessageRequest request)
    {
        ChatInput.RequireCaller(caller);
        var clientMessageId = ChatInput.ClientMessageId(request?.ClientMessageId);
        var text = ChatInput.Text(request!.Text);
        RequireAccess(caller);

        if (Stream.Known(caller.UserId, clientMessageId) is { } known)
        {
            return (await known) with { Duplicate = true };
        }
        if (WriteRefusal(caller) is { } refusal)
        {
            // A resend of a message stored before the room closed (or the sender was muted) is still answered.
            var stored = await Stream.FindStoredAsync(caller.UserId, clientMessageId);
            return stored is null ? throw refusal : new SendAck(RoomId, stored.Seq, stored.ClientMessageId, stored.SentAt, Duplicate: true);
        }
        var replyToSeq = request.ReplyToSeq;
        if (replyToSeq is { } replyTo)
        {
            // A reply names a message of this room (it may have been deleted since; it still exists).
            if ((await Stream.ReadOneAsync(ChatInput.Seq(replyTo)))?.Kind != RoomEventKind.Message)
            {
                throw new HubRealtimeException(ErrorCodes.MessageNotFound, $"Message {replyTo} does not exist in this room.");
            }
        }

        var mentions = await MentionsAsync(request.Mentions);

        var (sender, senderName) = (caller.UserId, caller.DisplayName);
        var appended = await Stream.AppendAsync(sender, clientMessageId, (seq, sentAt) =>
            new ChatMessage(RoomId, seq, clientMessageId, sender, senderName, text, sentAt, ReplyToSeq: replyToSeq, Mentions: mentions)
            {
                MessageNo = NextMessageNo(seq, isMessage: true),
            });
        if (!appended.Duplicate)
        {
            NotifyMentioned(appended.Event);
        }
        return new SendAck(RoomId, appended.Event.Seq, clientMessageId, appended.Event.SentAt, appended.Duplicate);
    }

    public async Task<RoomEventPage> GetHistoryBefore(Caller caller, long beforeSeq, int limit)
    {
        ChatInput.RequireCaller(caller);
        limit = ChatInput.PageSize(limit);
        RequireAccess(caller);
        var end = beforeSeq <= 0 || beforeSeq > LastSeq ? LastSeq : beforeSeq - 1;
        return new RoomEventPage(await ReadAsync(Math.Max(1, end - limit + 1), end, limit), LastSeq);
    }

    public async Task<RoomEventPage> GetHistoryAfter(Caller caller, long afterSeq, int limit)
    {
        ChatInput.RequireCaller(caller);
        limit = ChatInput.PageSize(limit);
        if (afterSeq < 0)
        {
            throw HubRealtimeException.Invalid("afterSeq must be 0 or more.");
        }
        RequireAccess(caller);
        // Up to the last sequence, bounded by limit: after a retention purge the first events left may
        // lie far beyond afterSeq, and a resuming client must get them rather than an empty page.
        return new RoomEventPage(await ReadAsync(afterSeq + 1, LastSeq, limit), LastSeq);
    }

    public Task<long> Subscribe(IRoomObserver observer, SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(silo);
        EnsureExists();
        _observers.Subscribe(silo, observer);
        return Task.FromResult(LastSeq);
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
        var (scope, members, moderators) = RoomAccessRules.Validate(access);
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
                AccessModerators = moderators,
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

    /// <summary>Identified caller, existing room, and (for a restricted room) a member, a moderator or the system.</summary>
    private void RequireAccess(Caller caller)
    {
        ChatInput.RequireCaller(caller);
        EnsureExists();
        RoomAccessRules.Require(state.State.AccessScope, _members, _moderators, caller);
    }

    /// <summary>The room takes new messages and changes from this caller: not closed, caller not muted.</summary>
    private void RequireWritable(Caller caller)
    {
        if (WriteRefusal(caller) is { } refusal)
        {
            throw refusal;
        }
    }

    private HubRealtimeException? WriteRefusal(Caller caller) =>
        state.State.Closed ? new HubRealtimeException(ErrorCodes.RoomClosed, "This room is closed: it can be read, not written.")
        : RoomAccessRules.Contains(_muted, caller.UserId) ? new HubRealtimeException(ErrorCodes.Muted, "A moderator muted you in this room.")
        : null;

    /// <summary>What <paramref name="caller"/> (who passed <see cref="RequireAccess"/>) may do now: the same rules the calls enforce.</summary>
    private RoomCapabilities CapabilitiesOf(Caller caller)
    {
        var closed = state.State.Closed;
        var muted = RoomAccessRules.Contains(_muted, caller.UserId);
        return new RoomCapabilities(
            Read: true,
            Write: WriteRefusal(caller) is null,
            Moderate: IsModerator(caller) && !closed,
            Muted: muted,
            Closed: closed,
            Flags: closed ? [] : [RoomCapabilities.DeleteOwn]);
    }

    private bool IsModerator(Caller caller) => CallerAuthority.IsSystem(caller) || RoomAccessRules.Contains(_moderators, caller.UserId);

    private void LoadAccess()
    {
        _members = new HashSet<string>(state.State.AccessMembers ?? [], StringComparer.Ordinal);
        _moderators = new HashSet<string>(state.State.AccessModerators ?? [], StringComparer.Ordinal);
        _muted = new HashSet<string>(state.State.Muted ?? [], StringComparer.Ordinal);
    }

    private async Task<RoomEvent[]> ReadAsync(long from, long to, int limit) => RoomEvents.FromRows(await Stream.ReadAsync(from, to, limit));

    private Task LoadLogHeadAsync(CancellationToken cancellationToken) => Stream.LoadHeadAsync(cancellationToken);

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw new HubRealtimeException(ErrorCodes.RoomNotFound, $"Room '{RoomId}' does not exist.");
        }
    }

    private RoomInfo Info() => new(RoomId, state.State.Title, state.State.CreatedAt, state.State.CreatedBy, state.State.Closed);
}
