using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Grains.Storage.Sqlite;
using Orleans.Runtime;

namespace HubRealtime.Grains.Tests.Meetings;

/// <summary>The round timer on the fake clock: warnings, extension, auto-close, and a deadline that passes while the meeting is not active.</summary>
[Collection(RoomClusterCollection.Name)]
public sealed class MeetingTimerTests(RoomClusterFixture fixture)
{
    private readonly MeetingKit _m = new(fixture.Grains);

    private static void Advance(TimeSpan by) => RoomClusterFixture.Clock.Advance(by);

    /// <summary>Awaits <paramref name="count"/> warnings in every room of the round.</summary>
    private async Task WarningsAsync(BreakoutView round, int count, string what)
    {
        foreach (var room in round.Rooms)
        {
            await MeetingKit.EventuallyAsync(async () => (await _m.NoticesAsync(room.RoomId, "breakouts.warning")).Count == count, $"{what} in {room.RoomId}", async () =>
            {
                var lines = new List<string> { $"clock {RoomClusterFixture.Clock.GetUtcNow():O}" };
                foreach (var r in round.Rooms)
                {
                    lines.AddRange((await _m.EventsAsync(r.RoomId)).Select(e => $"{r.RoomId} #{e.Seq} {e.Kind} {e.NoticeType()} {e.Text()}"));
                }
                return string.Join("\n", lines);
            });
        }
        await SettledAsync();
    }

    /// <summary>
    /// A call to the (non-reentrant) meeting waits until the timer tick that posted the notices has ended and
    /// re-armed the timer, so the next Advance of the fake clock counts from the right moment.
    /// </summary>
    private Task SettledAsync() => _m.Meeting.GetSummary(_m.Facilitator);

    [Fact]
    public async Task Warnings_fire_at_the_chosen_minutes_and_the_round_closes_at_the_deadline()
    {
        await _m.CreateAsync(perCountry: 1);
        await _m.DraftAndAssignAsync(2, AssignmentMode.Random);
        var open = await _m.Meeting.OpenBreakouts(_m.Facilitator, "s1", 10, [5, 2]);
        var deadline = open.Deadline!.Value;
        var room = open.Rooms[0].RoomId;

        Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(await _m.NoticesAsync(room, "breakouts.warning"));
        Advance(TimeSpan.FromMinutes(1));
        await WarningsAsync(open, 1, "the 5-minute warning");
        Assert.Contains("\"minutesLeft\":5", Assert.Single(await _m.NoticesAsync(room, "breakouts.warning")).Text());

        Advance(TimeSpan.FromMinutes(3));
        await WarningsAsync(open, 2, "the 2-minute warning");
        Assert.Contains("\"minutesLeft\":2", (await _m.NoticesAsync(room, "breakouts.warning"))[1].Text());
        Assert.Equal(BreakoutPhase.Open, (await _m.BreakoutsAsync()).Phase);

        Advance(TimeSpan.FromMinutes(2));
        await MeetingKit.EventuallyAsync(async () => (await _m.BreakoutsAsync()).Phase == BreakoutPhase.Closed, "the auto-close");
        var closed = await _m.BreakoutsAsync();
        Assert.All(closed.Outcomes, o => Assert.Equal(deadline, o.ClosedAt));
        Assert.Single(await _m.NoticesAsync(_m.Plenary, "breakouts.closed"));
        Assert.Equal(ErrorCodes.RoomClosed, await MeetingKit.CodeOf(() => _m.Room(room).Send(_m.Facilitator, MeetingKit.Message("too late"))));
    }

    [Fact]
    public async Task Extending_moves_the_deadline_and_re_arms_the_warnings()
    {
        await _m.CreateAsync(perCountry: 1);
        await _m.DraftAndAssignAsync(2, AssignmentMode.Random);
        var open = await _m.Meeting.OpenBreakouts(_m.Facilitator, "s1", 10, [3]);
        var room = open.Rooms[1].RoomId;
        Advance(TimeSpan.FromMinutes(7));
        await WarningsAsync(open, 1, "the first warning");

        var extended = await _m.Meeting.ExtendBreakouts(_m.Facilitator, "s1", 5);
        Assert.Equal(open.Deadline!.Value.AddMinutes(5), extended.Deadline);
        Assert.Contains("breakouts.extended", (await _m.NoticesAsync(room, "breakouts.extended")).Select(n => n.NoticeType()));
        Assert.Single(await _m.NoticesAsync(_m.Plenary, "breakouts.extended"));

        // The old deadline passes: still open.
        Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(BreakoutPhase.Open, (await _m.BreakoutsAsync()).Phase);
        // 3 minutes before the new deadline the warning comes again, then the round closes.
        Advance(TimeSpan.FromMinutes(2));
        await WarningsAsync(open, 2, "the re-armed warning");
        Advance(TimeSpan.FromMinutes(3));
        await MeetingKit.EventuallyAsync(async () => (await _m.BreakoutsAsync()).Phase == BreakoutPhase.Closed, "the close at the new deadline");
        Assert.All((await _m.BreakoutsAsync()).Outcomes, o => Assert.Equal(extended.Deadline, o.ClosedAt));
    }

    [Fact]
    public async Task A_deadline_that_passed_while_the_meeting_was_not_active_closes_the_round()
    {
        await _m.CreateAsync(perCountry: 1);
        await _m.DraftAndAssignAsync(2, AssignmentMode.Random);
        var open = await _m.Meeting.OpenBreakouts(_m.Facilitator, "s1", 5, []);
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);

        // Every idle activation goes, this meeting (and its grain timer) included.
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(0, await management.GetGrainActivationCount((GrainReference)_m.Meeting));

        Advance(TimeSpan.FromMinutes(6));
        // The durable reminder (or the first call) reactivates the meeting, which closes what fell due meanwhile.
        await MeetingKit.EventuallyAsync(async () => (await _m.BreakoutsAsync()).Phase == BreakoutPhase.Closed, "the close after reactivation");
        var closed = await _m.BreakoutsAsync();
        Assert.Equal(2, closed.Outcomes.Count);
        Assert.Equal(open.Deadline, closed.Deadline);
        Assert.Single(await _m.NoticesAsync(_m.Plenary, "breakouts.closed"));
    }

    [Fact]
    public async Task The_durable_reminder_wakes_a_deactivated_meeting_at_the_deadline_without_any_call_and_is_dropped_after()
    {
        await _m.CreateAsync(perCountry: 1);
        await _m.DraftAndAssignAsync(2, AssignmentMode.Random);
        await _m.Meeting.OpenBreakouts(_m.Facilitator, "s1", 3, []);
        await using var database = new SqliteDatabase(fixture.DataDirectory);
        var reminders = new SqliteReminderTable(database);
        var grainId = ((GrainReference)_m.Meeting).GrainId;
        Assert.NotNull(await reminders.ReadRow(grainId, "breakouts-deadline"));

        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(0, await management.GetGrainActivationCount((GrainReference)_m.Meeting));
        Advance(TimeSpan.FromMinutes(4));

        // Only the plenary room is read (never the meeting), so what closes the round is the reminder.
        await MeetingKit.EventuallyAsync(async () => (await _m.NoticesAsync(_m.Plenary, "breakouts.closed")).Count == 1, "the reminder's close");
        await MeetingKit.EventuallyAsync(async () => await reminders.ReadRow(grainId, "breakouts-deadline") is null, "the reminder's removal");
        Assert.Equal(BreakoutPhase.Closed, (await _m.BreakoutsAsync()).Phase);
    }
}
