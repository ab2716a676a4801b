using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Grains.Meetings;

/// <summary>
/// The round timer. Deadlines and sent warnings are persisted; one grain timer (driven by the grain
/// clock, a fake one in tests) fires at the next warning or deadline of any open round. A durable
/// reminder wakes the meeting after a restart, and activation itself handles what fell due meanwhile.
/// </summary>
public sealed partial class MeetingGrain
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);

    private IGrainTimer? _timer;

    /// <summary>(Re)arms the timer for the next due warning or deadline, or stops it when nothing is open.</summary>
    private void ScheduleTimer()
    {
        var next = NextDue();
        if (next is null)
        {
            _timer?.Dispose();
            _timer = null;
            return;
        }
        var due = next.Value - time.GetUtcNow();
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private DateTimeOffset? NextDue()
    {
        if (!state.RecordExists)
        {
            return null;
        }
        DateTimeOffset? next = null;
        foreach (var session in state.State.Sessions)
        {
            if (session.Phase != BreakoutPhase.Open || session.Deadline is not { } deadline)
            {
                continue;
            }
            var times = session.WarningMinutes.Where(w => !session.WarningsSent.Contains(w)).Select(w => deadline.AddMinutes(-w)).Append(deadline);
            var first = times.Min();
            next = next is null || first < next ? first : next;
        }
        return next;
    }

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await TickAsync();
            ScheduleTimer();
        }
        catch (Exception error)
        {
            // A room or storage that is briefly unavailable: try again soon, not in a hot loop. Closing is idempotent.
            LogTickFailed(error, Id);
            _timer?.Change(RetryDelay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Posts due warnings and closes rounds whose deadline passed (also one that passed while the silo was down).</summary>
    private async Task TickAsync()
    {
        if (!state.RecordExists)
        {
            return;
        }
        var now = time.GetUtcNow();
        foreach (var session in state.State.Sessions)
        {
            if (session.Phase != BreakoutPhase.Open || session.Deadline is not { } deadline)
            {
                continue;
            }
            if (now >= deadline)
            {
                await CloseRoundAsync(session, Caller.System.UserId, null);
                continue;
            }
            var due = session.WarningMinutes.Where(w => !session.WarningsSent.Contains(w) && deadline.AddMinutes(-w) <= now).ToList();
            if (due.Count == 0)
            {
                continue;
            }
            // Several due at once (after a restart): only the nearest is worth saying.
            session.WarningsSent = [.. session.WarningsSent, .. due];
            await WriteAsync();
            var payload = new BreakoutsWarningNotice(due.Min(), deadline);
            await EachRoomAsync(session, i => NoticeAsync(BreakoutRoomId(session, i), payload, null));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting {MeetingId}: a timer tick failed; retrying shortly")]
    private partial void LogTickFailed(Exception error, string meetingId);
}
