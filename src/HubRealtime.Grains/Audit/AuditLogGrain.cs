using HubRealtime.Grains.Common;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Grains.Security;
using HubRealtime.Grains.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace HubRealtime.Grains.Audit;

/// <summary>
/// The append-only, hash-chained audit log of one scope (the grain key, see <see cref="AuditScope"/>) and
/// the single writer of its entries in <see cref="IAuditStore"/>.
/// </summary>
/// <remarks>
/// <para>Appends are group-committed like a room's messages: the grain is reentrant, events arriving while
/// a write is in flight queue up and go out together in the next write (one store write per batch of up
/// to <see cref="MaxBatch"/>), and an append completes only once its entry is durable. Activation reads only
/// the store's newest entry (sequence and hash) and this grain's small state: cost independent of history.</para>
/// <para>Tamper evidence: each entry's hash covers its content and the previous entry's hash
/// (<see cref="AuditChain"/>), so <see cref="Verify"/> finds an altered entry, an entry inserted or removed
/// in the middle, and a gap. Removing the newest entries leaves a shorter chain that is valid in itself;
/// to catch that, the grain also keeps the head (sequence and hash) in its persisted state, written after
/// every batch, and verification requires the stored chain to reach it unchanged.</para>
/// <para>Limits, on purpose documented: the head is kept in the same storage account (or SQLite file) as the
/// entries. Someone able to write both the entries and the grain state can rewrite the whole chain and the
/// head consistently, and no check here will notice. Anchoring the head hash outside the hub's storage
/// (periodically signing it, or publishing it to an append-only/WORM store or to the auditors) is a later
/// hardening. Likewise, entries forged after the head while no activation of this grain runs are adopted by
/// the next activation.</para>
/// <para>Retention: entries are kept at least one year; nothing in the product deletes them (the store has
/// no delete method).</para>
/// </remarks>
[Reentrant]
public sealed partial class AuditLogGrain(
    [PersistentState("audit", StorageNames.Grains)] IPersistentState<AuditLogState> state,
    IAuditStore store,
    StorageAttempts attempts,
    TimeProvider time,
    ILogger<AuditLogGrain> logger) : Grain, IAuditLogGrain
{
    /// <summary>At most this many entries per storage write (one Azure Table transaction).</summary>
    internal const int MaxBatch = IAuditStore.MaxEntriesPerAppend;

    /// <summary>Entries read per storage call while verifying.</summary>
    internal const int VerifyPageSize = IAuditStore.MaxReadLimit;

    private const int CommitAttempts = 3;

    private GroupCommitQueue<PendingAudit>? _queue;

    /// <summary>A write's outcome is unknown: reload the head from the store before chaining the next batch.</summary>
    private bool _unsettled;

    /// <summary>The newest durable entry: what the next one chains to.</summary>
    private AuditHead _head = AuditChain.Genesis;

    /// <summary>The highest sequence this activation handed to storage (or found there); anything stored above it was written by someone else.</summary>
    private long _highestWritten;

    private string Scope => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (IsValidScope())
        {
            await LoadHeadAsync(cancellationToken);
        }
    }

    public async Task<AuditEntry> Append(Caller caller, AuditEvent auditEvent)
    {
        CallerAuthority.RequireSystem(caller);
        AuditInput.Scope(Scope);
        var pending = new PendingAudit(AuditInput.Event(auditEvent));
        (_queue ??= new(MaxBatch, attempts, CommitAsync,
            p => p.Completion.TrySetException(new HubRealtimeException(ErrorCodes.Unavailable, "Storage is slow; the audit entry was not stored.")))).Enqueue(pending);
        return await pending.Completion.Task;
    }

    public async Task<AuditPage> Read(Caller caller, long afterSeq, int limit)
    {
        await AuthorizeAuditorAsync(caller);
        if (limit is < 1 or > AuditInput.MaxPageSize)
        {
            throw HubRealtimeException.Invalid($"A page holds 1 to {AuditInput.MaxPageSize} entries.");
        }
        if (afterSeq < 0)
        {
            throw HubRealtimeException.Invalid("afterSeq must be 0 or more.");
        }
        var entries = await store.ReadAfterAsync(Scope, afterSeq, limit);
        return new AuditPage(entries, _head.Seq);
    }

    public async Task<AuditVerification> Verify(Caller caller)
    {
        await AuthorizeAuditorAsync(caller);

        // Taken before reading: everything up to these heads is durable, so storage must still hold it.
        List<AuditHead> anchors = [_head];
        if (state.RecordExists)
        {
            anchors.Add(new AuditHead(state.State.LastSeq, state.State.LastHash));
        }
        var verifier = new AuditChainVerifier(Scope, anchors, _highestWritten);
        for (var after = 0L; ;)
        {
            var page = await store.ReadAfterAsync(Scope, after, VerifyPageSize);
            foreach (var entry in page)
            {
                if (!verifier.Check(entry))
                {
                    return Reported(verifier.Finish());
                }
            }
            if (page.Count < VerifyPageSize)
            {
                break;
            }
            after = page[^1].Seq;
        }
        // Appends may have run meanwhile (the grain is reentrant): what they wrote is the log's own.
        return Reported(verifier.Finish(_highestWritten));
    }

    private AuditVerification Reported(AuditVerification result)
    {
        if (!result.Valid)
        {
            LogChainBroken(Scope, result.FirstInvalidSeq ?? 0, result.Problem ?? "");
        }
        return result;
    }

    /// <summary>Hub admins for every scope; for "agency:{id}" also that agency's admins.</summary>
    private async Task AuthorizeAuditorAsync(Caller caller)
    {
        var agencyId = AuditInput.Scope(Scope);
        if (agencyId is null)
        {
            await CallerAuthority.RequireHubAdminAsync(GrainFactory, caller);
        }
        else
        {
            await CallerAuthority.RequireAgencyAdminAsync(GrainFactory, caller, agencyId);
        }
    }

    private bool IsValidScope()
    {
        try
        {
            AuditInput.Scope(Scope);
            return true;
        }
        catch (HubRealtimeException)
        {
            return false;
        }
    }

    /// <summary>
    /// The head the next entry chains to: the store's newest entry, unless the head recorded in the grain
    /// state is at least as far. Then the recorded head wins, so that removed (or replaced) newest entries
    /// stay visible as a gap (or a broken link) instead of being papered over by new entries.
    /// </summary>
    private async Task LoadHeadAsync(CancellationToken cancellationToken)
    {
        var stored = await store.GetHeadAsync(Scope, cancellationToken);
        var recorded = state.RecordExists && state.State.LastSeq > 0
            ? new AuditHead(state.State.LastSeq, state.State.LastHash)
            : null;
        if (recorded is not null && (stored is null || stored.Seq <= recorded.Seq))
        {
            if (stored != recorded)
            {
                LogHeadMismatch(Scope, recorded.Seq, stored?.Seq ?? 0);
            }
            _head = recorded;
        }
        else
        {
            _head = stored ?? AuditChain.Genesis;
        }
        _highestWritten = Math.Max(_highestWritten, _head.Seq);
    }

    /// <summary>Stores one batch, records the new head and completes the appends; never throws (failures go to the callers).</summary>
    private async Task CommitAsync(List<PendingAudit> batch)
    {
        var events = batch.ConvertAll(p => p.Event);
        try
        {
            if (_unsettled)
            {
                using var resync = attempts.Start();
                await LoadHeadAsync(resync.Token);
                _unsettled = false;
            }
            for (var attempt = 1; ; attempt++)
            {
                var entries = AuditChain.Chain(Scope, _head, time.GetUtcNow(), events);
                _highestWritten = Math.Max(_highestWritten, entries[^1].Seq);
                try
                {
                    // Bounded, so a frozen store fails the batch well inside the call timeout.
                    using var deadline = attempts.Start();
                    await store.AppendAsync(Scope, entries, deadline.Token);
                }
                catch (StorageOutcomeUnknownException unknown)
                {
                    // Sent, not answered: the entries may land later, so the callers must not hear "not stored".
                    LogCommitFailed(unknown, Scope, batch.Count);
                    _unsettled = true;
                    var maybe = new HubRealtimeException(ErrorCodes.OutcomeUnknown, "The audit entry may or may not be stored.");
                    foreach (var p in batch)
                    {
                        p.Completion.TrySetException(maybe);
                    }
                    return;
                }
                catch (AuditLogConflictException conflict) when (attempt < CommitAttempts)
                {
                    // Another activation wrote this scope (a split brain): chain onto what it stored and retry.
                    LogConflict(conflict, Scope, attempt);
                    using var resync = attempts.Start();
                    await LoadHeadAsync(resync.Token);
                    continue;
                }

                _head = new AuditHead(entries[^1].Seq, entries[^1].Hash);
                await RecordHeadAsync();
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(entries[i]);
                }
                return;
            }
        }
        catch (Exception error)
        {
            LogCommitFailed(error, Scope, batch.Count);
            var failure = new HubRealtimeException(ErrorCodes.Unavailable, "The audit entry could not be stored.");
            foreach (var p in batch)
            {
                p.Completion.TrySetException(failure);
            }
            if (error is AuditLogConflictException)
            {
                // Repeated conflicts mean another activation owns this scope: step aside.
                DeactivateOnIdle();
            }
        }
    }

    /// <summary>
    /// Writes the head to the grain state. The entries are already durable, so a failure here fails no
    /// append: it is logged and the activation steps aside, and the next one starts from the store's head.
    /// </summary>
    private async Task RecordHeadAsync()
    {
        state.State.LastSeq = _head.Seq;
        state.State.LastHash = _head.Hash;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception error)
        {
            LogHeadNotRecorded(error, Scope, _head.Seq);
            DeactivateOnIdle();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit log {Scope}: conflict on attempt {Attempt}; reloading the head")]
    private partial void LogConflict(Exception error, string scope, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit log {Scope}: storing a batch of {Count} entries failed")]
    private partial void LogCommitFailed(Exception error, string scope, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit log {Scope}: entry {Seq} is stored but the head could not be recorded in the grain state")]
    private partial void LogHeadNotRecorded(Exception error, string scope, long seq);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Audit log {Scope}: the recorded head is entry {RecordedSeq} but storage ends at entry {StoredSeq} or holds another entry there; the log continues from the recorded head")]
    private partial void LogHeadMismatch(string scope, long recordedSeq, long storedSeq);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Audit log {Scope}: verification failed at entry {Seq}: {Problem}")]
    private partial void LogChainBroken(string scope, long seq, string problem);
}
