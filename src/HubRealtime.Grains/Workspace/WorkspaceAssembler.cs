using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.Workspace;
using HubRealtime.Abstractions.WorkingGroups;

namespace HubRealtime.Grains.Workspace;

/// <summary>
/// Builds a <see cref="WorkspaceView"/> for the caller: every part is asked of its own grain with the
/// caller's identity (groups, meetings, rooms decide what the caller may see), so a lost access drops the
/// entry. Bounded: the caller's groups, at most <see cref="MaxMeetings"/> meetings and 100 joined rooms,
/// one O(1) counter read per room, all in parallel.
/// </summary>
internal sealed class WorkspaceAssembler(IGrainFactory grains, Caller caller, DateTimeOffset now, WorkspaceState state)
{
    /// <summary>Meetings shown: every live one, then the nearest upcoming, then the latest ended, up to this many.</summary>
    internal const int MaxMeetings = 30;

    /// <summary>Ended meetings stay listed this long after their end.</summary>
    internal static readonly TimeSpan EndedShownFor = TimeSpan.FromDays(14);

    public async Task<WorkspaceView> BuildAsync()
    {
        var account = EmailAddress.TryNormalize(caller.UserId, out var email) && email == caller.UserId ? email : null;
        var groups = GroupsAsync(account);
        var meetings = MeetingsAsync(account);
        var rooms = Task.WhenAll(state.Joined.Select(j => RoomAsync(j.RoomId, null)));
        await Task.WhenAll(groups, meetings, rooms);
        return new WorkspaceView(await groups, await meetings, [.. (await rooms).OfType<WorkspaceRoom>()], now);
    }

    private async Task<IReadOnlyList<WorkspaceGroup>> GroupsAsync(string? account)
    {
        if (account is null)
        {
            return [];
        }
        var ids = await grains.GetGrain<IUserGrain>(account).ListGroups(caller);
        var groups = await Task.WhenAll(ids.Select(async id =>
        {
            var info = await OrNull(() => grains.GetGrain<IWorkingGroupGrain>(id).GetInfo(caller));
            return info is null || await RoomAsync(info.RoomId, info.Title) is not { } room ? null : new WorkspaceGroup(info.GroupId, room);
        }));
        return [.. groups.OfType<WorkspaceGroup>().OrderBy(g => g.Room.Title, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.GroupId, StringComparer.Ordinal)];
    }

    private async Task<IReadOnlyList<WorkspaceMeeting>> MeetingsAsync(string? account)
    {
        if (account is null)
        {
            return [];
        }
        var ids = await grains.GetGrain<IMeetingMembershipGrain>(account).List(caller);
        var summaries = (await Task.WhenAll(ids.Select(id => OrNull(() => grains.GetGrain<IMeetingGrain>(id).GetSummary(caller)))))
            .OfType<MeetingSummary>().ToList();
        var live = summaries.Where(m => StateOf(m) == MeetingTimeState.Live).OrderBy(m => m.EndsAt);
        var upcoming = summaries.Where(m => StateOf(m) == MeetingTimeState.Upcoming).OrderBy(m => m.StartsAt);
        var ended = summaries.Where(m => StateOf(m) == MeetingTimeState.Ended && now - m.EndsAt <= EndedShownFor).OrderByDescending(m => m.EndsAt);
        var shown = live.Concat(upcoming).Concat(ended).Take(MaxMeetings).ToList();
        var meetings = await Task.WhenAll(shown.Select(MeetingAsync));
        return [.. meetings.OfType<WorkspaceMeeting>()];
    }

    private MeetingTimeState StateOf(MeetingSummary meeting) =>
        now < meeting.StartsAt ? MeetingTimeState.Upcoming : now < meeting.EndsAt ? MeetingTimeState.Live : MeetingTimeState.Ended;

    private async Task<WorkspaceMeeting?> MeetingAsync(MeetingSummary summary)
    {
        var view = await OrNull(() => grains.GetGrain<IMeetingGrain>(summary.MeetingId).Get(caller));
        if (view is null)
        {
            return null;
        }
        var sessions = await Task.WhenAll(view.Sessions.Select(async session =>
        {
            var plenary = await RoomAsync(session.PlenaryRoomId, session.Title);
            var b = session.Breakouts;
            var round = b.Phase == BreakoutPhase.Open
                ? new WorkspaceRound(b.Round, b.Deadline, b.MyRoomId, b.Rooms.FirstOrDefault(r => r.RoomId == b.MyRoomId)?.Name)
                : null;
            // Facilitators also watch their room for help requests; the queue is the meeting's (HelpRequests).
            var facilitating = view.Role == MeetingRole.Facilitator;
            return plenary is null ? null : new WorkspaceSession(session.SessionId, session.Title, plenary, round,
                facilitating ? session.FacilitatorRoomId : null, facilitating ? session.HelpRequests?.Count ?? 0 : 0);
        }));
        return new WorkspaceMeeting(view.MeetingId, view.Title, view.StartsAt, view.EndsAt, view.TimeZone, view.Role,
            StateOf(summary), [.. sessions.OfType<WorkspaceSession>()]);
    }

    /// <summary>The room with the caller's counters, or null when the room refuses the caller (or is gone).</summary>
    private async Task<WorkspaceRoom?> RoomAsync(string roomId, string? title)
    {
        var activity = await OrNull(() => grains.GetGrain<IRoomGrain>(roomId).GetActivity(caller));
        if (activity is null)
        {
            return null;
        }
        state.Marks.TryGetValue(roomId, out var mark);
        var unread = Math.Max(0, activity.MessageCount - (mark?.ReadCount ?? 0));
        var mentions = mark?.MentionSeqs.Count ?? 0;
        return new WorkspaceRoom(roomId, title ?? activity.Title, activity.LastSeq, mark?.ReadSeq ?? 0, unread, mentions, activity.Closed);
    }

    private static async Task<T?> OrNull<T>(Func<Task<T>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (HubRealtimeException error) when (error.Code is ErrorCodes.Forbidden or ErrorCodes.RoomNotFound
            or ErrorCodes.MeetingNotFound or ErrorCodes.GroupNotFound or ErrorCodes.NotAMember)
        {
            return null;
        }
    }
}
