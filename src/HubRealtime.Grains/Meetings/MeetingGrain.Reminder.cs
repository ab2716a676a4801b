using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Meetings;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Grains.Meetings;

/// <summary>
/// The durable half of the timer: an Orleans reminder (stored in the embedded SQLite file or Azure
/// Tables) due at the earliest open deadline, repeating every minute until no round is open. It only
/// has to wake the meeting: the tick then does what the persisted state says is due.
/// </summary>
public sealed partial class MeetingGrain : IRemindable
{
    private const string DeadlineReminder = "breakouts-deadline";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        try
        {
            await TickAsync();
        }
        finally
        {
            ScheduleTimer();
        }
        await DropReminderIfIdleAsync();
    }

    /// <summary>Due at the earliest of <paramref name="deadline"/> and the deadlines of the open rounds.</summary>
    private async Task EnsureReminderAsync(DateTimeOffset deadline)
    {
        var earliest = state.State.Sessions
            .Where(s => s.Phase == BreakoutPhase.Open && s.Deadline is not null)
            .Select(s => s.Deadline!.Value)
            .Append(deadline)
            .Min();
        var due = earliest - time.GetUtcNow();
        await this.RegisterOrUpdateReminder(DeadlineReminder, due < TimeSpan.Zero ? TimeSpan.Zero : due, ReminderPeriod);
    }

    /// <summary>
    /// After an extension: best effort, since the reminder already registered fires at the old deadline
    /// and then every minute, which wakes the meeting in time anyway.
    /// </summary>
    private async Task MoveReminderAsync()
    {
        if (NextDeadline() is not { } deadline)
        {
            return;
        }
        try
        {
            await EnsureReminderAsync(deadline);
        }
        catch (Exception error) when (error is not HubRealtimeException)
        {
            LogReminderNotMoved(error, Id);
        }
    }

    private DateTimeOffset? NextDeadline() => state.State.Sessions
        .Where(s => s.Phase == BreakoutPhase.Open && s.Deadline is not null)
        .Select(s => s.Deadline)
        .Min();

    private async Task DropReminderIfIdleAsync()
    {
        if (state.State.Sessions.Any(s => s.Phase == BreakoutPhase.Open))
        {
            return;
        }
        if (await this.GetReminder(DeadlineReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting {MeetingId}: the deadline reminder could not be moved; the earlier one stays")]
    private partial void LogReminderNotMoved(Exception error, string meetingId);
}
