using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.Workspace;
using HubRealtime.Grains.Security;
using HubRealtime.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Grains.Workspace;

/// <summary>
/// One user's workspace (key: the user id): read positions, unread mentions and joined rooms. Counts never
/// grow in cost with history: a room's unread count is its message counter now minus the counter stored
/// at the read position; mentions arrive one-way from the room (at most 20 users per message) and are
/// kept per room until read past. Read positions are written at most once per
/// <see cref="WorkspaceLimits.ReadWriteInterval"/>; moves in between are flushed by a timer (and on deactivation).
/// </summary>
public sealed partial class WorkspaceGrain(
    [PersistentState("workspace", StorageNames.Grains)] IPersistentState<WorkspaceState> state,
    TimeProvider time,
    ILogger<WorkspaceGrain> logger) : Grain, IWorkspaceGrain
{
    private DateTimeOffset _lastWrite = DateTimeOffset.MinValue;
    private bool _dirty;
    private IGrainTimer? _flush;

    private string UserId => this.GetPrimaryKeyString();

    public Task<WorkspaceView> Get(Caller caller)
    {
        RequireSelf(caller);
        return new WorkspaceAssembler(GrainFactory, caller, time.GetUtcNow(), state.State).BuildAsync();
    }

    public async Task<ReadPosition> MarkRead(Caller caller, string roomId, long seq)
    {
        RequireSelf(caller);
        RoomId.Validate(roomId);
        if (seq < 0)
        {
            throw HubRealtimeException.Invalid("seq must be 0 or more.");
        }
        state.State.Marks.TryGetValue(roomId, out var mark);
        if (mark is not null && seq <= mark.ReadSeq)
        {
            return Position(roomId, mark);
        }
        // The room decides whether the caller may read it, and what its counter was there.
        var point = await GrainFactory.GetGrain<IRoomGrain>(roomId).ReadPoint(caller, seq);
        mark = MarkOf(roomId);
        if (point.Seq > mark.ReadSeq)
        {
            mark.ReadSeq = point.Seq;
            mark.ReadCount = Math.Max(mark.ReadCount, point.MessageCount);
            mark.MentionSeqs.RemoveAll(s => s <= point.Seq);
            mark.TouchedAt = time.GetUtcNow();
            await PersistAsync();
        }
        return Position(roomId, mark);
    }

    public async Task RecordJoin(Caller caller, string roomId)
    {
        RequireSelfOrSystem(caller);
        RoomId.Validate(roomId);
        if (RoomId.IsReserved(roomId))
        {
            // Groups and meetings have their own parts of the workspace.
            return;
        }
        var joined = state.State.Joined;
        var index = joined.FindIndex(j => j.RoomId == roomId);
        if (index == 0)
        {
            return;
        }
        if (index > 0)
        {
            joined.RemoveAt(index);
        }
        joined.Insert(0, new JoinedRoom { RoomId = roomId, JoinedAt = time.GetUtcNow() });
        if (joined.Count > WorkspaceLimits.MaxJoinedRooms)
        {
            joined.RemoveRange(WorkspaceLimits.MaxJoinedRooms, joined.Count - WorkspaceLimits.MaxJoinedRooms);
        }
        await PersistAsync(now: true);
    }

    public async Task Forget(Caller caller, string roomId)
    {
        RequireSelf(caller);
        RoomId.Validate(roomId);
        var removed = state.State.Joined.RemoveAll(j => j.RoomId == roomId) > 0;
        removed |= !RoomId.IsReserved(roomId) && state.State.Marks.Remove(roomId);
        if (removed)
        {
            await PersistAsync(now: true);
        }
    }

    public async Task OnMentioned(Caller caller, string roomId, long seq)
    {
        CallerAuthority.RequireSystem(caller);
        if (!RoomId.IsValid(roomId) || seq < 1)
        {
            return;
        }
        var mark = MarkOf(roomId);
        if (seq <= mark.ReadSeq || mark.MentionSeqs.Contains(seq))
        {
            return;
        }
        var at = mark.MentionSeqs.BinarySearch(seq);
        mark.MentionSeqs.Insert(at < 0 ? ~at : at, seq);
        if (mark.MentionSeqs.Count > WorkspaceLimits.MaxMentionsPerRoom)
        {
            mark.MentionSeqs.RemoveAt(0);
        }
        mark.TouchedAt = time.GetUtcNow();
        await PersistAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await WriteAsync();
        }
    }

    private static ReadPosition Position(string roomId, ReadMark mark) => new(roomId, mark.ReadSeq, mark.MentionSeqs.Count);

    /// <summary>The room's mark, created if new; the least recently touched mark goes when there are too many.</summary>
    private ReadMark MarkOf(string roomId)
    {
        var marks = state.State.Marks;
        if (marks.TryGetValue(roomId, out var mark))
        {
            return mark;
        }
        if (marks.Count >= WorkspaceLimits.MaxReadMarks)
        {
            marks.Remove(marks.MinBy(m => m.Value.TouchedAt).Key);
        }
        return marks[roomId] = new ReadMark { TouchedAt = time.GetUtcNow() };
    }

    /// <summary>Writes now when the last write is older than the interval (or <paramref name="now"/>); otherwise once the interval is over.</summary>
    private async Task PersistAsync(bool now = false)
    {
        _dirty = true;
        var due = _lastWrite + WorkspaceLimits.ReadWriteInterval - time.GetUtcNow();
        if (now || due <= TimeSpan.Zero)
        {
            await WriteAsync();
            return;
        }
        _flush ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _flush?.Dispose();
        _flush = null;
        if (_dirty)
        {
            await WriteAsync();
        }
    }

    private async Task WriteAsync()
    {
        _lastWrite = time.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
            _dirty = false;
        }
        catch (Exception error)
        {
            // Kept in memory and retried after the interval: a read position is not worth failing a read for.
            LogWriteFailed(error, UserId);
            _flush ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(WorkspaceLimits.ReadWriteInterval, Timeout.InfiniteTimeSpan));
        }
    }

    private void RequireSelf(Caller caller)
    {
        if (caller is null || caller.UserId != UserId || CallerAuthority.IsSystem(caller))
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "Only the user reads and changes their workspace.");
        }
    }

    private void RequireSelfOrSystem(Caller caller)
    {
        if (!CallerAuthority.IsSystem(caller))
        {
            RequireSelf(caller);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the workspace of {UserId} failed; retrying")]
    private partial void LogWriteFailed(Exception error, string userId);
}
