using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Security;

namespace HubRealtime.Grains.Rooms;

/// <summary>Changes to existing messages, notices, moderation (close, mute) and retention.</summary>
public sealed partial class RoomGrain
{
    /// <summary>How often a room with a retention purges; a purge run removes at most <see cref="PurgeBatchesPerRun"/> batches.</summary>
    internal static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(10);

    /// <summary>The durable wake-up of a room with a retention, so an idle (deactivated) room is purged too.</summary>
    internal static readonly TimeSpan PurgeReminderPeriod = TimeSpan.FromHours(1);

    private const string PurgeReminderName = "retention-purge";
    private const int PurgeBatchSize = 500;
    private const int PurgeBatchesPerRun = 20;

    private IGrainTimer? _purgeTimer;
    private Task _purging = Task.CompletedTask;
    private DateTimeOffset? _lastPurgeAt;
    private long _purgedEvents;

    public async Task<long> PostNotice(Caller caller, RoomNotice notice)
    {
        CallerAuthority.RequireSystem(caller);
        var clean = ChatInput.Notice(notice);
        EnsureExists();
        return await AppendNoticeAsync(clean.Type, clean.PayloadJson, clean.ActorId ?? Caller.System.UserId, clean.ActorName ?? "");
    }

    public async Task SetClosed(Caller caller, bool closed)
    {
        CallerAuthority.RequireSystem(caller);
        EnsureExists();
        if (state.State.Closed == closed)
        {
            return;
        }
        await WriteStateAsync(s => s.Closed = closed);
    }

    public Task<ChangeAck> Edit(Caller caller, long seq, string text)
    {
        ChatInput.RequireCaller(caller);
        ChatInput.Seq(seq);
        var clean = ChatInput.Text(text);
        RequireAccess(caller);
        RequireWritable(caller);
        return CommitChangeAsync(PendingEvent.Edit(caller, seq, clean));
    }

    public Task<ChangeAck> Delete(Caller caller, long seq)
    {
        ChatInput.RequireCaller(caller);
        ChatInput.Seq(seq);
        RequireAccess(caller);
        if (state.State.Closed)
        {
            throw new HubRealtimeException(ErrorCodes.RoomClosed, "This room is closed: it can be read, not written.");
        }
        // A muted user may still take back their own words.
        return CommitChangeAsync(PendingEvent.Delete(caller, seq, IsModerator(caller)));
    }

    public Task<ChangeAck> React(Caller caller, long seq, string emoji, bool add)
    {
        ChatInput.RequireCaller(caller);
        ChatInput.Seq(seq);
        var clean = ChatInput.Emoji(emoji);
        RequireAccess(caller);
        RequireWritable(caller);
        return CommitChangeAsync(PendingEvent.Reaction(caller, seq, clean, add));
    }

    public async Task Mute(Caller caller, string userId, bool muted)
    {
        ChatInput.RequireCaller(caller);
        var user = ChatInput.UserId(userId);
        RequireAccess(caller);
        if (!IsModerator(caller))
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "Only the room's moderators may mute.");
        }
        if (_muted.Contains(user) == muted)
        {
            return;
        }
        if (muted && _muted.Count >= RoomAccess.MaxMembers)
        {
            throw HubRealtimeException.Invalid($"A room mutes at most {RoomAccess.MaxMembers} users.");
        }
        await WriteStateAsync(s =>
        {
            s.Muted = muted ? [.. s.Muted, user] : s.Muted.Where(u => u != user).ToList();
        });
        // Everyone in the room (and the muted user's clients) learn it live, in sequence.
        RoomNoticeBody notice = muted ? new ParticipantMutedNotice(user) : new ParticipantUnmutedNotice(user);
        await AppendNoticeAsync(RoomEvents.NoticeTypeOf(notice)!, RoomEvents.ToStoredJson(notice), caller.UserId, caller.DisplayName);
    }

    public async Task SetRetention(Caller caller, TimeSpan? retention)
    {
        CallerAuthority.RequireSystem(caller);
        if (retention is { } r && (r < TimeSpan.FromMinutes(1) || r > TimeSpan.FromDays(3660)))
        {
            throw HubRealtimeException.Invalid("A retention is between one minute and ten years, or none.");
        }
        EnsureExists();
        await WriteStateAsync(s => s.Retention = retention);
        ArmPurgeTimer();
        await ArmPurgeReminderAsync(retention is not null);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == PurgeReminderName && state.RecordExists ? PurgeTickAsync(CancellationToken.None) : Task.CompletedTask;

    private async Task ArmPurgeReminderAsync(bool on)
    {
        try
        {
            if (on)
            {
                await this.RegisterOrUpdateReminder(PurgeReminderName, PurgeReminderPeriod, PurgeReminderPeriod);
            }
            else if (await this.GetReminder(PurgeReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The timer still purges while the room is active; the durable wake-up is retried at the next SetRetention.
            LogReminderFailed(error);
        }
    }

    public async Task<RoomRetentionStatus> GetRetentionStatus(Caller caller)
    {
        CallerAuthority.RequireSystem(caller);
        EnsureExists();
        await _purging;
        return new RoomRetentionStatus(state.State.Retention, _lastPurgeAt, _purgedEvents);
    }

    /// <summary>One state write at a time (reentrant grain); on failure the state is reloaded, never half-applied.</summary>
    private async Task WriteStateAsync(Action<RoomState> change)
    {
        await _accessWrite.WaitAsync();
        try
        {
            change(state.State);
            LoadAccess();
            await state.WriteStateAsync();
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

    private void ArmPurgeTimer()
    {
        _purgeTimer?.Dispose();
        _purgeTimer = null;
        if (state.State.Retention is not null)
        {
            // Driven by the silo's TimeProvider, so tests move it with a fake clock.
            _purgeTimer = this.RegisterGrainTimer(PurgeTickAsync, new GrainTimerCreationOptions
            {
                DueTime = PurgeInterval,
                Period = PurgeInterval,
                Interleave = true,
            });
        }
    }

    private Task PurgeTickAsync(CancellationToken cancellationToken)
    {
        if (_purging.IsCompleted)
        {
            _purging = PurgeExpiredAsync(cancellationToken);
        }
        return _purging;
    }

    /// <summary>Deletes expired events in bounded batches; what is left waits for the next tick.</summary>
    private async Task PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        if (state.State.Retention is not { } retention)
        {
            return;
        }
        var now = time.GetUtcNow();
        var cutoff = now - retention;
        try
        {
            for (var run = 0; run < PurgeBatchesPerRun; run++)
            {
                var purged = await log.PurgeBeforeAsync(RoomId, cutoff, PurgeBatchSize, cancellationToken);
                _purgedEvents += purged;
                if (purged > 0)
                {
                    Stream.Recent.RemoveOldestWhile(m => m.SentAt < cutoff);
                    // Acks of purged messages must not answer resends: the log no longer knows them.
                    Stream.ForgetAcks();
                }
                if (purged < PurgeBatchSize)
                {
                    break;
                }
            }
            _lastPurgeAt = now;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogPurgeFailed(error);
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "The retention reminder could not be set; purges run only while the room is active")]
    private partial void LogReminderFailed(Exception error);

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "Retention purge failed; the next tick retries")]
    private partial void LogPurgeFailed(Exception error);
}
