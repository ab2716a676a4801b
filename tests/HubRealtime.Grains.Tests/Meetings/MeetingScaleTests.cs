using System.Diagnostics;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Tests.Agencies;
using Xunit.Abstractions;

namespace HubRealtime.Grains.Tests.Meetings;

/// <summary>
/// A facilitator's per-round work at the largest size the rules allow: 400 breakout rooms opened and
/// closed, each well inside Orleans' 30 s call timeout.
/// </summary>
[Collection(RoomClusterCollection.Name)]
public sealed class MeetingScaleTests(RoomClusterFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// Registering an account hashes its password (PBKDF2, 100,000 iterations: about 75 s for 2,000 here),
    /// so the test registers one participant per room; the room count is the full 400. Run once with
    /// 2,000 on a busy 2-core machine: create 3.3 s, draft 0.3 s, assign 0.4 s, open 1.1 s, close 2.3 s.
    /// </summary>
    private const int Participants = 400;

    private const int Rooms = 400;

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_round_of_400_rooms_opens_and_closes_within_the_call_timeout()
    {
        var kit = new AgencyKit(fixture.Grains);
        var admin = await kit.HubAdminAsync();
        var agencies = new[] { await kit.AgencyAsync(admin, "Police A", "FR"), await kit.AgencyAsync(admin, "Kenya Police", "KE"), await kit.AgencyAsync(admin, "PNP", "PH") };
        using var gate = new SemaphoreSlim(8);
        var people = await Task.WhenAll(Enumerable.Range(0, Participants).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                return await kit.UserAsync($"P{i} Officer", agencies[i % agencies.Length]);
            }
            finally
            {
                gate.Release();
            }
        }));
        var meeting = fixture.Grains.GetGrain<IMeetingGrain>(AgencyKit.NewId("mt"));

        var create = await TimedAsync("create", () => meeting.Create(admin, MeetingKit.NewMeeting([], [.. people.Select(p => p.UserId)])));
        Assert.Equal(Participants, create.Participants.Count);
        await TimedAsync("draft", () => meeting.DraftBreakouts(admin, MeetingKit.SessionId, [.. Enumerable.Range(1, Rooms).Select(i => $"Room {i}")]));
        await TimedAsync("assign", () => meeting.AssignBreakouts(admin, MeetingKit.SessionId, new BreakoutAssignment(AssignmentMode.Balanced, null, null, null)));
        var opened = await TimedAsync("open", () => meeting.OpenBreakouts(admin, MeetingKit.SessionId, 60, [5]));

        Assert.Equal(Rooms, opened.Rooms.Count);
        Assert.Equal(Participants, opened.Rooms.Sum(r => r.Members.Count));
        Assert.All(opened.Rooms, r => Assert.NotEmpty(r.Members));
        var plenary = MeetingIds.Plenary(meeting.GetPrimaryKeyString(), MeetingKit.SessionId);
        var m = new MeetingKit(fixture.Grains);
        var notice = Assert.Single(await m.NoticesAsync(plenary, "breakouts.opened"));
        Assert.True(notice.Text().Length <= RoomNotice.MaxPayloadLength);
        Assert.Contains("\"roomCount\":400", notice.Text(), StringComparison.Ordinal);
        // Access is live: a participant may read their own room and not another.
        var mine = opened.Rooms.First(r => r.Members.Contains(people[0].UserId));
        var other = opened.Rooms.First(r => !r.Members.Contains(people[0].UserId));
        await fixture.Grains.GetGrain<IRoomGrain>(mine.RoomId).GetInfo(people[0]);
        Assert.Equal("forbidden", await MeetingKit.CodeOf(() => fixture.Grains.GetGrain<IRoomGrain>(other.RoomId).GetInfo(people[0])));

        var closed = await TimedAsync("close", () => meeting.CloseBreakouts(admin, MeetingKit.SessionId));
        Assert.Equal(BreakoutPhase.Closed, closed.Phase);
        Assert.Equal(Rooms, closed.Outcomes.Count);
        Assert.Single(await m.NoticesAsync(plenary, "breakouts.closed"));
        // Closed rooms are readable by the whole meeting (the plenary's list on each of 400 rooms).
        await fixture.Grains.GetGrain<IRoomGrain>(other.RoomId).GetInfo(people[0]);
    }

    private async Task<T> TimedAsync<T>(string what, Func<Task<T>> action)
    {
        var watch = Stopwatch.StartNew();
        var result = await action();
        output.WriteLine($"{what}: {watch.Elapsed.TotalSeconds:F2} s ({Participants} participants, {Rooms} rooms)");
        Assert.True(watch.Elapsed < CallTimeout / 2, $"{what} took {watch.Elapsed.TotalSeconds:F1} s, too close to the call timeout");
        return result;
    }
}
