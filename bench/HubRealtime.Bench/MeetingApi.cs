using System.Diagnostics;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Client;

namespace HubRealtime.Bench;

/// <summary>
/// The bench meeting through the product's meetings API (docs/protocol.md, "Meetings") with the typed
/// <see cref="MeetingsClient"/>, as a hub admin who becomes its facilitator: create (all participants),
/// draft the plan's breakouts, assign manually from the seat plan (participant i in breakout i mod R),
/// open. Every participant stays a participant (placed in a room), participant 0 included, who sends the
/// plenary broadcasts as chat.
/// </summary>
internal sealed class MeetingApi(HttpClient http, string meetingId)
{
    private const string SessionId = "s1";

    /// <summary>The longest round the rules allow; the bench never reaches its deadline.</summary>
    private const int DurationMinutes = 240;

    public async Task<(string Plenary, string[] Breakouts, string How)> CreateAsync(MeetingPlan plan, MeetingSeat[] seats)
    {
        var meetings = new MeetingsClient(http);
        var watch = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var created = await meetings.CreateAsync(meetingId, new NewMeeting(
            $"Bench meeting of {plan.Participants}", now, now.AddDays(1), "Etc/UTC",
            [new NewSession(SessionId, "Plenary")], [], [.. seats.Select(s => s.UserId)], [], []));
        var createSeconds = watch.Elapsed.TotalSeconds;
        var plenary = created.Sessions[0].PlenaryRoomId;

        var draft = await meetings.DraftAsync(meetingId, SessionId, [.. Enumerable.Range(1, plan.Breakouts).Select(b => $"Breakout {b}")]);
        var breakouts = draft.Rooms.Select(r => r.RoomId).ToArray();
        await meetings.AssignAsync(meetingId, SessionId, AssignmentMode.Manual,
            [.. seats.Select(s => new ManualPlacement(s.UserId, breakouts[s.Breakout]))]);
        watch.Restart();
        var opened = await meetings.OpenAsync(meetingId, SessionId, DurationMinutes);
        var openSeconds = watch.Elapsed.TotalSeconds;
        if (opened.Phase != BreakoutPhase.Open || opened.Rooms.Count != plan.Breakouts)
        {
            throw new InvalidOperationException($"the round did not open as planned: {opened.Phase}, {opened.Rooms.Count} rooms");
        }
        return (plenary, breakouts,
            $"meeting through the API as a hub admin (POST /api/meetings with {plan.Participants} participants: {createSeconds:F1} s; "
            + $"draft {plan.Breakouts} rooms, manual assignment from the seat plan, open: {openSeconds:F1} s); "
            + "plenary and breakouts restricted to their members by the meeting grain");
    }
}
