using System.Text.Json;
using System.Text.RegularExpressions;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Common;
using HubRealtime.Grains.Rooms;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Streams;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace HubRealtime.Grains.Notes;

/// <summary>
/// A note: the single writer of its op log on the ordered-stream machinery (group commit, idempotent
/// appends by (user, client id, seq), per-silo observers), and the server of server-ordered OT: a change
/// made against revision b is transformed past revisions b+1…n at commit time, in sequence order, and
/// stored as revision n+1. The document at the head is kept in memory (<see cref="NoteDocument"/>);
/// every <see cref="SnapshotInterval"/> revisions it is saved as a snapshot, so an activation reads one
/// snapshot and at most that many ops, whatever the note's history.
/// </summary>
[Reentrant]
public sealed partial class NoteGrain(
    [PersistentState("note", StorageNames.Grains)] IPersistentState<NoteState> state,
    IStreamLog<NoteOp> log,
    INoteSnapshotStore snapshots,
    StorageAttempts attempts,
    TimeProvider time,
    IClusterMembershipService membership,
    ILogger<NoteGrain> logger) : Grain, INoteGrain
{
    /// <summary>Revisions between snapshots: the most ops an activation replays.</summary>
    public const int SnapshotInterval = 100;

    /// <summary>How far behind the head a change's base may be (the server transforms past that many revisions at most).</summary>
    public const int MaxRevisionsBehind = 10_000;

    public const int MaxPage = 500;

    /// <summary>Snapshots looked for below a revision before replaying from the start (only if that many writes failed).</summary>
    private const int SnapshotProbes = 10;

    /// <summary>Committed revisions kept in memory: a queued change is transformed past those committed while it waited.</summary>
    private const int RecentRevisions = 1024;

    private readonly SiloObservers<INoteObserver> _observers = new(RoomGrain.ObserverExpiry, time, () => membership.CurrentSnapshot, logger);
    private readonly Dictionary<string, NoteCursor> _cursors = new(StringComparer.Ordinal);
    /// <summary>Revisions made in the commit in progress, not yet stored (the next ones transform past them).</summary>
    private readonly Dictionary<long, NoteOp> _made = [];
    private OrderedStream<NoteOp, NoteAck>? _stream;
    private NoteDocument _document = NoteDocument.From(Delta.Empty);
    private Delta? _documentDelta;
    private Task _snapshotWrite = Task.CompletedTask;
    private string? _auditScope;
    /// <summary>The net length change of accepted changes still waiting to be stored (for the size limit).</summary>
    private int _pendingGrowth;

    private string NoteKey => this.GetPrimaryKeyString();

    private OrderedStream<NoteOp, NoteAck> Stream => _stream ??= new(
        NoteKey, log, attempts, time, logger,
        toAck: op => new NoteAck(op.Rev, Duplicate: false),
        published: Published,
        foreignWriter: DeactivateOnIdle,
        new OrderedStreamOptions(
            RecentCapacity: RecentRevisions,
            AppendFailure: "The change could not be stored; send it again with the same client id and seq.",
            AppendUnknown: "The change may or may not be stored; send it again with the same client id and seq."));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        NoteId.Parse(NoteKey);
        await Stream.LoadHeadAsync(cancellationToken);
        _document = await DocumentAtAsync(Stream.LastSeq, cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A snapshot being written is allowed to finish (it only helps the next activation).
        await _snapshotWrite.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public async Task<NoteSnapshot> Open(Caller caller)
    {
        var room = await RoomCapabilitiesAsync(caller);
        var (roomId, doc) = NoteId.Parse(NoteKey);
        _documentDelta ??= _document.ToDelta();
        return new NoteSnapshot(NoteKey, roomId, doc, Stream.LastSeq, _documentDelta, CapabilitiesOf(room), state.State.Locked, room.Closed, [.. _cursors.Values]);
    }

    public async Task<NoteAck> Submit(Caller caller, NoteSubmission submission)
    {
        ChatInput.RequireCaller(caller);
        ValidateShape(submission);
        var key = NoteOpCodec.ClientKey(submission.ClientId, submission.Seq);
        if (Stream.Known(caller.UserId, key) is { } known)
        {
            return (await known) with { Duplicate = true };
        }
        var room = await RoomCapabilitiesAsync(caller);
        if (WriteRefusal(room) is { } refusal)
        {
            throw refusal;
        }
        var change = NoteOpPolicy.Check(submission.Delta, caller.UserId);
        var head = Stream.LastSeq;
        if (submission.BaseRev > head || head - submission.BaseRev > MaxRevisionsBehind)
        {
            return await StoredOrRefuse(caller, key, new HubRealtimeException(ErrorCodes.StaleBase,
                $"The change's base revision {submission.BaseRev} is not within the last {MaxRevisionsBehind} revisions (the note is at {head}): catch up first."));
        }
        // The revisions after the base, read now (from memory, else the log; bounded by MaxRevisionsBehind).
        var behind = await CommittedOpsAsync(submission.BaseRev + 1, head);
        var baseLength = behind.Count == 0 ? _document.Length : behind[0].LengthAfter - behind[0].Delta.ChangeLength();
        if (change.BaseLength() > baseLength)
        {
            return await StoredOrRefuse(caller, key, HubRealtimeException.Invalid(
                $"The change reaches past the end of the note at revision {submission.BaseRev} (length {baseLength})."));
        }
        var growth = change.ChangeLength();
        if (growth > 0 && _document.Length + _pendingGrowth + growth > NoteLimits.MaxNoteLength)
        {
            throw new HubRealtimeException(ErrorCodes.NoteTooLarge, $"A note holds at most {NoteLimits.MaxNoteLength} characters.");
        }
        var pending = new PendingChange(caller, submission, change, behind);
        _pendingGrowth += growth;
        try
        {
            var appended = await Stream.AppendAsync(caller.UserId, key, (rev, at) => Make(rev, at, pending));
            return new NoteAck(appended.Event.Rev, appended.Duplicate);
        }
        finally
        {
            _pendingGrowth -= growth;
        }
    }

    public async Task<NoteOpPage> GetOpsAfter(Caller caller, long afterRev, int limit)
    {
        await RoomCapabilitiesAsync(caller);
        if (afterRev < 0)
        {
            throw HubRealtimeException.Invalid("afterRev is 0 or more.");
        }
        var ops = await Stream.ReadAsync(afterRev + 1, Stream.LastSeq, Math.Clamp(limit, 1, MaxPage));
        return new NoteOpPage(ops, Stream.LastSeq);
    }

    public async Task MoveCursor(Caller caller, NoteSelection? cursor)
    {
        await RoomCapabilitiesAsync(caller);
        if (cursor is not null && (cursor.Rev < 0 || cursor.Rev > Stream.LastSeq || cursor.Index < 0 || cursor.Length < 0
            || (long)cursor.Index + cursor.Length > NoteLimits.MaxNoteLength))
        {
            throw HubRealtimeException.Invalid("A cursor is a revision of the note, an index and a length within it.");
        }
        var moved = new NoteCursor(NoteKey, caller.UserId, caller.DisplayName, ColorOf(caller.UserId), cursor);
        _cursors[caller.UserId] = moved;
        if (cursor is null)
        {
            _cursors.Remove(caller.UserId);
        }
        await _observers.Notify(o => o.OnNoteCursor(moved));
    }

    public Task Leave(Caller caller)
    {
        ChatInput.RequireCaller(caller);
        if (!_cursors.Remove(caller.UserId))
        {
            return Task.CompletedTask;
        }
        var gone = new NoteCursor(NoteKey, caller.UserId, caller.DisplayName, ColorOf(caller.UserId), null);
        return _observers.Notify(o => o.OnNoteCursor(gone));
    }

    public async Task SetLocked(Caller caller, bool locked)
    {
        var room = await RoomCapabilitiesAsync(caller);
        if (!room.Moderate)
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "Only the room's moderators lock or unlock its notes.");
        }
        if (state.State.Locked == locked)
        {
            return;
        }
        state.State.Locked = locked;
        await state.WriteStateAsync();
        await AuditAsync(caller, locked ? NoteAudit.Locked : NoteAudit.Unlocked, "");
        var changed = new NoteStateEvent(NoteKey, locked, room.Closed);
        await _observers.Notify(o => o.OnNoteState(changed));
    }

    public async Task<NoteHistoryPage> GetHistory(Caller caller, long beforeRev)
    {
        await RoomCapabilitiesAsync(caller);
        var last = Stream.LastSeq;
        var before = beforeRev <= 0 || beforeRev > last ? last + 1 : beforeRev;
        var from = Math.Max(1, before - NoteHistory.MaxRevisionsPerPage);
        var ops = new List<NoteOp>();
        for (var at = from; at < before;)
        {
            var page = await Stream.ReadAsync(at, before - 1, MaxPage);
            if (page.Count == 0)
            {
                break;
            }
            ops.AddRange(page);
            at = page[^1].Rev + 1;
        }
        return new NoteHistoryPage(NoteSessions.Of(ops), last, from > 1 ? from : 0);
    }

    public async Task<NoteVersion> GetVersion(Caller caller, long rev)
    {
        await RoomCapabilitiesAsync(caller);
        if (rev < 0 || rev > Stream.LastSeq)
        {
            throw HubRealtimeException.Invalid($"The note has revisions 0 to {Stream.LastSeq}.");
        }
        var at = rev == 0 ? null : (await Stream.ReadOneAsync(rev))?.At;
        if (rev == Stream.LastSeq)
        {
            _documentDelta ??= _document.ToDelta();
            return new NoteVersion(NoteKey, rev, _documentDelta, at);
        }
        return new NoteVersion(NoteKey, rev, (await DocumentAtAsync(rev)).ToDelta(), at);
    }

    public async Task<NoteAck> Restore(Caller caller, long rev)
    {
        var room = await RoomCapabilitiesAsync(caller);
        if (WriteRefusal(room) is { } refusal)
        {
            throw refusal;
        }
        if (rev < 0 || rev >= Stream.LastSeq)
        {
            throw HubRealtimeException.Invalid($"Restore a revision from 0 to {Stream.LastSeq - 1}.");
        }
        var old = (await DocumentAtAsync(rev)).ToDelta();
        // Against the head as it is now; changes stored meanwhile are transformed past, like any change.
        var head = Stream.LastSeq;
        var change = DocumentDiff.Between(_document.ToDelta(), old);
        var appended = await AppendServerChangeAsync(caller, caller.UserId, "restore-" + Guid.NewGuid().ToString("N"), head, change);
        await AuditAsync(caller, NoteAudit.Restored, $"revision {rev} restored as revision {appended.Event.Rev}");
        return new NoteAck(appended.Event.Rev, appended.Duplicate);
    }

    public async Task RecordExport(Caller caller, long rev, string format)
    {
        await RoomCapabilitiesAsync(caller);
        await AuditAsync(caller, AuditActions.Exported, $"revision {rev} as {format}");
    }

    public Task<long> Subscribe(INoteObserver observer, SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(silo);
        _observers.Subscribe(silo, observer);
        return Task.FromResult(Stream.LastSeq);
    }

    public Task Unsubscribe(INoteObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Revision <paramref name="rev"/> from a queued change, at commit time and in sequence order: the
    /// change transformed past every revision after its base (stored ones, then those made earlier in this
    /// same commit). The later revision goes second (priority to what is stored), as in quill-delta.
    /// </summary>
    private NoteOp Make(long rev, DateTimeOffset at, PendingChange pending)
    {
        var delta = pending.Change;
        for (var r = pending.Submission.BaseRev + 1; r < rev; r++)
        {
            delta = OpAt(r, pending).Delta.Transform(delta, priority: true);
        }
        var previous = rev - 1;
        var lengthBefore = previous == Stream.LastSeq ? _document.Length : OpAt(previous, pending).LengthAfter;
        var op = new NoteOp(rev, delta, pending.Caller.UserId, pending.Caller.DisplayName, pending.Submission.ClientId, pending.Submission.Seq, at,
            lengthBefore + delta.ChangeLength());
        _made[rev] = op;
        return op;
    }

    /// <summary>A revision before one being made: read before queueing, committed since (in the window), or made earlier in this commit.</summary>
    private NoteOp OpAt(long rev, PendingChange pending)
    {
        var index = rev - (pending.Submission.BaseRev + 1);
        if (index < pending.Behind.Count)
        {
            return pending.Behind[(int)index];
        }
        if (rev > Stream.LastSeq)
        {
            return _made[rev];
        }
        return Stream.Recent.TryGetRange(rev, rev, 1) is [var recent]
            ? recent
            : throw new InvalidOperationException($"Note {NoteKey}: revision {rev} left the window while a change waited to be stored.");
    }

    /// <summary>Revisions [from, to], from the window when it holds them, else from the log in bounded pages.</summary>
    private async Task<IReadOnlyList<NoteOp>> CommittedOpsAsync(long from, long to)
    {
        if (to < from)
        {
            return [];
        }
        var count = (int)(to - from + 1);
        if (Stream.Recent.TryGetRange(from, to, count) is { } recent && recent.Count == count)
        {
            return recent;
        }
        var ops = new List<NoteOp>(count);
        while (from <= to)
        {
            var page = await Stream.ReadAsync(from, to, MaxPage);
            if (page.Count == 0 || page[0].Rev != from)
            {
                throw new HubRealtimeException(ErrorCodes.Unavailable, "The note's history could not be read; try again.");
            }
            ops.AddRange(page);
            from = page[^1].Rev + 1;
        }
        return ops;
    }

    private void Published(IReadOnlyList<NoteOp> ops)
    {
        try
        {
            foreach (var op in ops)
            {
                _document.Apply(op.Delta);
                _made.Remove(op.Rev);
                if (op.Rev % SnapshotInterval == 0)
                {
                    // Taken here: a batch may cross the interval in its middle.
                    _snapshotWrite = WriteSnapshotAsync(_snapshotWrite, op.Rev, _document.ToDelta());
                }
            }
        }
        catch (ArgumentException error)
        {
            // Stored, so it must not fail its callers; the document in memory is wrong: rebuild it from storage.
            LogDocumentDiverged(error, NoteKey);
            DeactivateOnIdle();
        }
        _documentDelta = null;
        _observers.Notify(o => o.OnNoteOps(NoteKey, ops));
    }

    /// <summary>Writes one snapshot after the previous write (in revision order); a failure is logged, never thrown.</summary>
    private async Task WriteSnapshotAsync(Task previous, long rev, Delta document)
    {
        await previous;
        try
        {
            using var deadline = attempts.Start();
            await snapshots.WriteAsync(NoteKey, rev, JsonSerializer.Serialize(document, NoteOpCodec.Json), deadline.Token);
        }
        catch (Exception error)
        {
            // The op log has every revision: reads start from an earlier snapshot instead.
            LogSnapshotFailed(error, NoteKey, rev);
        }
    }

    /// <summary>
    /// The note at <paramref name="rev"/>: the nearest snapshot at or before it (one point read, a few more
    /// only where snapshot writes failed) plus at most an interval of ops, read in bounded pages.
    /// </summary>
    private async Task<NoteDocument> DocumentAtAsync(long rev, CancellationToken cancellationToken = default)
    {
        var document = NoteDocument.From(Delta.Empty);
        long at = 0;
        for (var candidate = rev - (rev % SnapshotInterval); candidate > 0 && candidate >= rev - (SnapshotProbes * SnapshotInterval); candidate -= SnapshotInterval)
        {
            if (await snapshots.ReadAsync(NoteKey, candidate, cancellationToken) is { } body)
            {
                document = NoteDocument.From(JsonSerializer.Deserialize<Delta>(body, NoteOpCodec.Json) ?? Delta.Empty);
                at = candidate;
                break;
            }
        }
        while (at < rev)
        {
            var page = await Stream.ReadAsync(at + 1, rev, MaxPage, cancellationToken);
            if (page.Count == 0 || page[0].Rev != at + 1)
            {
                throw new InvalidOperationException($"Note {NoteKey}: revision {at + 1} is missing from the op log.");
            }
            foreach (var op in page)
            {
                document.Apply(op.Delta);
                at = op.Rev;
            }
        }
        return document;
    }

    /// <summary>
    /// Appends a change the server made (a restore, a seed) against revision <paramref name="baseRev"/>, by
    /// <paramref name="author"/> and keyed under <paramref name="sender"/>: transformed at commit like any change.
    /// </summary>
    private Task<StreamAppend<NoteOp>> AppendServerChangeAsync(Caller author, string sender, string clientId, long baseRev, Delta change)
    {
        var pending = new PendingChange(author, new NoteSubmission(clientId, 1, baseRev, change), change, []);
        return Stream.AppendAsync(sender, NoteOpCodec.ClientKey(clientId, 1), (rev, at) => Make(rev, at, pending));
    }

    /// <summary>A refusal that depends on the note's state, unless the change was stored before (a resend after a reactivation).</summary>
    private async Task<NoteAck> StoredOrRefuse(Caller caller, string key, HubRealtimeException refusal)
    {
        var stored = await Stream.FindStoredAsync(caller.UserId, key);
        return stored is not null ? new NoteAck(stored.Rev, Duplicate: true) : throw refusal;
    }

    /// <summary>Into the audit chain of the room's owner (its working group or meeting), the hub's for an open room.</summary>
    private async Task AuditAsync(Caller actor, string action, string details)
    {
        var (roomId, _) = NoteId.Parse(NoteKey);
        _auditScope ??= await GrainFactory.GetGrain<IRoomGrain>(roomId).GetOwnerScope(Caller.System) ?? AuditScope.Hub;
        await GrainFactory.GetGrain<IAuditLogGrain>(_auditScope).Append(Caller.System, new AuditEvent(actor.UserId, action, NoteKey, details));
    }

    private async Task<RoomCapabilities> RoomCapabilitiesAsync(Caller caller)
    {
        ChatInput.RequireCaller(caller);
        var (roomId, doc) = NoteId.Parse(NoteKey);
        return await GrainFactory.GetGrain<IRoomGrain>(roomId).GetNoteAccess(caller, doc);
    }

    private NoteCapabilities CapabilitiesOf(RoomCapabilities room) =>
        new(Read: room.Read, Write: WriteRefusal(room) is null, Lock: room.Moderate);

    private HubRealtimeException? WriteRefusal(RoomCapabilities room) =>
        room.Closed ? new HubRealtimeException(ErrorCodes.RoomClosed, "This room is closed: its notes can be read, not edited.")
        : state.State.Locked ? new HubRealtimeException(ErrorCodes.NoteLocked, "A moderator locked this note.")
        : null;

    private static void ValidateShape(NoteSubmission? submission)
    {
        if (submission is null || submission.Delta is null)
        {
            throw HubRealtimeException.Invalid("A change is {clientId, seq, baseRev, delta}.");
        }
        if (submission.ClientId is null || !ClientIdPattern().IsMatch(submission.ClientId))
        {
            throw HubRealtimeException.Invalid("A client id is 8 to 64 letters, digits, '_' or '-'.");
        }
        if (submission.Seq < 1 || submission.BaseRev < 0)
        {
            throw HubRealtimeException.Invalid("seq is 1 or more and baseRev 0 or more.");
        }
    }

    /// <summary>A palette index fixed per user, the same on every screen.</summary>
    internal static int ColorOf(string userId)
    {
        var hash = 17u;
        foreach (var c in userId)
        {
            hash = unchecked((hash * 31) + c);
        }
        return (int)(hash % 12);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ClientIdPattern();

    [LoggerMessage(Level = LogLevel.Error, Message = "Note {NoteId}: a stored revision did not apply to the document in memory; reactivating")]
    private partial void LogDocumentDiverged(Exception error, string noteId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Note {NoteId}: writing the snapshot at revision {Rev} failed")]
    private partial void LogSnapshotFailed(Exception error, string noteId, long rev);

    /// <summary>A checked change waiting in the commit queue, with the stored revisions after its base read beforehand.</summary>
    private sealed record PendingChange(Caller Caller, NoteSubmission Submission, Delta Change, IReadOnlyList<NoteOp> Behind);
}
