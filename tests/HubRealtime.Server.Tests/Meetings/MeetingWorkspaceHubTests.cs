using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Workspace;
using HubRealtime.Client;
using HubRealtime.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests.Meetings;

/// <summary>
/// The app-wide meeting watch over real Kestrel: a workspace names each facilitator's help room and open
/// help count, and RoomActivity carries the meeting's notice types, so a client anywhere in the app hears
/// a round open or a help request come and go.
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class MeetingWorkspaceHubTests(EmbeddedServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private HubRealtimeServer Server => fixture.Server;

    private IMeetingGrain Meeting(string id) => Server.Services.GetRequiredService<IGrainFactory>().GetGrain<IMeetingGrain>(id);

    private static Caller Caller(TestUser user) => new(user.Email, user.DisplayName);

    private RoomHubClient Hub(string token) => RoomHubClient.Create(Server.BaseAddress, () => Task.FromResult<string?>(token));

    /// <summary>Activity events of one hub connection, awaited by room and notice type (no polling).</summary>
    private sealed class ActivityLog
    {
        private readonly List<RoomActivityEvent> _seen = [];
        private readonly List<(Func<RoomActivityEvent, bool> Match, TaskCompletionSource<RoomActivityEvent> Done)> _waits = [];

        public ActivityLog(RoomHubClient hub) => hub.OnRoomActivity(Add);

        private void Add(RoomActivityEvent activity)
        {
            lock (_seen)
            {
                _seen.Add(activity);
                foreach (var wait in _waits.Where(w => w.Match(activity)).ToList())
                {
                    wait.Done.TrySetResult(activity);
                    _waits.Remove(wait);
                }
            }
        }

        public Task<RoomActivityEvent> NoticeAsync(string roomId, string noticeType)
        {
            bool Match(RoomActivityEvent a) => a.RoomId == roomId && (a.Notices ?? []).Contains(noticeType);
            lock (_seen)
            {
                if (_seen.FirstOrDefault(Match) is { } already)
                {
                    return Task.FromResult(already);
                }
                var done = new TaskCompletionSource<RoomActivityEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waits.Add((Match, done));
                return done.Task.WaitAsync(Timeout);
            }
        }
    }

    [Fact]
    public async Task Facilitators_anywhere_hear_help_requests_and_their_resolution_and_participants_hear_the_round_open()
    {
        var fay = await Server.RegisterAsync("hubadmin", "Fay Facilitator", hubAdmin: true);
        var gus = await Server.RegisterAsync("gus", "Gus Facilitator", mfa: true);
        var ann = await Server.RegisterAsync("ann", "Ann");
        var meetingId = "mw-" + Guid.NewGuid().ToString("N")[..12];
        var meeting = Meeting(meetingId);
        await meeting.Create(Caller(fay), new NewMeeting("Live", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1), "UTC",
            [new NewSession("s1", "Plenary")], [gus.Email], [ann.Email], [], []));

        var fayWorkspace = WorkspaceClient.WithToken(Server.BaseAddress, await Server.TokenAsync(fay));
        var gusToken = await Server.TokenAsync(gus);
        var annToken = await Server.TokenAsync(ann);
        var facilitatorSession = (await WorkspaceClient.WithToken(Server.BaseAddress, gusToken).GetAsync()).Meetings.Single(m => m.MeetingId == meetingId).Sessions.Single();
        var annSession = (await WorkspaceClient.WithToken(Server.BaseAddress, annToken).GetAsync()).Meetings.Single(m => m.MeetingId == meetingId).Sessions.Single();
        var helpRoom = Assert.IsType<string>(facilitatorSession.FacilitatorRoomId);
        Assert.Equal(0, facilitatorSession.OpenHelp);
        // Participants learn nothing of the facilitators' room, and may not watch it.
        Assert.Null(annSession.FacilitatorRoomId);

        await using var gusHub = Hub(gusToken);
        await using var annHub = Hub(annToken);
        var gusActivity = new ActivityLog(gusHub);
        var annActivity = new ActivityLog(annHub);
        await Task.WhenAll(gusHub.StartAsync(), annHub.StartAsync());
        var plenary = facilitatorSession.Plenary.RoomId;
        Assert.Equal([plenary, helpRoom], await gusHub.WatchActivityAsync([plenary, helpRoom]));
        Assert.Equal([plenary], await annHub.WatchActivityAsync([plenary, helpRoom]));

        var draft = await meeting.DraftBreakouts(Caller(fay), "s1", ["Prevention", "Victims"]);
        await meeting.AssignBreakouts(Caller(fay), "s1", new BreakoutAssignment(AssignmentMode.Manual,
            [new ManualPlacement(ann.Email, draft.Rooms[0].RoomId)], null, null));
        await meeting.OpenBreakouts(Caller(fay), "s1", 30, [5]);
        await annActivity.NoticeAsync(plenary, "breakouts.opened");
        var round = (await WorkspaceClient.WithToken(Server.BaseAddress, annToken).GetAsync()).Meetings.Single(m => m.MeetingId == meetingId).Sessions.Single().Round;
        Assert.Equal(draft.Rooms[0].RoomId, round?.MyRoomId);

        await meeting.RequestHelp(Caller(ann), "s1", "We are stuck");
        await gusActivity.NoticeAsync(helpRoom, "help.requested");
        var open = (await fayWorkspace.GetAsync()).Meetings.Single(m => m.MeetingId == meetingId).Sessions.Single();
        Assert.Equal(1, open.OpenHelp);

        var request = Assert.Single((await meeting.Get(Caller(fay))).Sessions[0].HelpRequests ?? []);
        await meeting.ResolveHelp(Caller(fay), "s1", request.RequestId);
        await gusActivity.NoticeAsync(helpRoom, "help.resolved");
        var resolved = (await WorkspaceClient.WithToken(Server.BaseAddress, gusToken).GetAsync()).Meetings.Single(m => m.MeetingId == meetingId).Sessions.Single();
        Assert.Equal(0, resolved.OpenHelp);
        // Messages and notices of a batch are told apart: a notice is no unread message.
        var helpActivity = await gusActivity.NoticeAsync(helpRoom, "help.requested");
        Assert.Empty(helpActivity.Messages);
    }
}
