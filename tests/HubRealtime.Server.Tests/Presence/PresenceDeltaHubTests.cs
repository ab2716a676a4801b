using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Presence;
using HubRealtime.Client;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests.Presence;

/// <summary>
/// The joining connection gets one full list, the room gets deltas, and a view that misses one asks
/// GetPresence: real Kestrel server, several .NET clients.
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class PresenceDeltaHubTests(EmbeddedServerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private HubRealtimeServer Server => fixture.Server;

    [Fact]
    public async Task Deltas_from_concurrent_joins_and_leaves_converge_to_the_true_list_with_one_snapshot_each()
    {
        var roomId = await Rooms.CreateAsync(Server);
        var users = new List<TestUser>();
        for (var i = 0; i < 6; i++)
        {
            users.Add(await Server.RegisterAsync($"p{i}", $"Person {i}"));
        }
        var clients = new List<RecordingClient>();
        try
        {
            foreach (var user in users)
            {
                clients.Add(await RecordingClient.ConnectAsync(Server, user));
            }
            var logs = clients.Select(c => PresenceLog.Attach(c.Hub)).ToList();
            var everyone = users.Select(u => u.Email).ToArray();

            await Task.WhenAll(clients.Select(c => c.Hub.JoinRoomAsync(roomId)));
            await Task.WhenAll(logs.Select(log => log.PresenceWithAsync(roomId, everyone)));
            var marks = logs.Select(log => log.Mark()).ToList();
            await Task.WhenAll(clients.Take(3).Select(c => c.Hub.LeaveRoomAsync(roomId)));
            var stayed = everyone.Skip(3).ToArray();
            var finals = await Task.WhenAll(logs.Skip(3).Select((log, i) => log.PresenceWithAsync(marks[i + 3], roomId, stayed)));

            Assert.All(finals, f => Assert.Equal(stayed.Order(StringComparer.Ordinal), f.Users.Select(u => u.UserId).Order(StringComparer.Ordinal)));
            Assert.All(finals, f => Assert.All(f.Users, u => Assert.Equal(1, u.Connections)));
            // The room only ever got changes: one full list per connection (its join's), no gaps.
            Assert.All(logs, log => Assert.Single(log.Snapshots, s => s.RoomId == roomId));
            Assert.All(logs.Skip(3), log => Assert.NotEmpty(log.Deltas));
            Assert.All(logs, log => Assert.Equal(0, log.Fetches));
            Assert.All(logs.SelectMany(log => log.Deltas), d => Assert.True(d.FromVersion < d.Version));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_late_joiner_gets_the_whole_list_in_its_first_snapshot()
    {
        var roomId = await Rooms.CreateAsync(Server);
        var annUser = await Server.RegisterAsync("ann", "Ann");
        var boUser = await Server.RegisterAsync("bo", "Bo");
        var cyUser = await Server.RegisterAsync("cy", "Cy");
        await using var ann = await RecordingClient.ConnectAsync(Server, annUser);
        await using var bo = await RecordingClient.ConnectAsync(Server, boUser);
        await using var cy = await RecordingClient.ConnectAsync(Server, cyUser);
        var annSees = PresenceLog.Attach(ann.Hub);
        var cySees = PresenceLog.Attach(cy.Hub);
        await ann.Hub.JoinRoomAsync(roomId);
        await bo.Hub.JoinRoomAsync(roomId);
        await annSees.PresenceWithAsync(roomId, annUser.Email, boUser.Email);

        await cy.Hub.JoinRoomAsync(roomId);
        await cySees.PresenceWithAsync(roomId, annUser.Email, boUser.Email, cyUser.Email);
        var annFinal = await annSees.PresenceWithAsync(roomId, annUser.Email, boUser.Email, cyUser.Email);

        var first = Assert.Single(cySees.Snapshots);
        Assert.Equal([annUser.Email, boUser.Email, cyUser.Email], first.Users.Select(u => u.UserId).Order(StringComparer.Ordinal));
        Assert.Equal(annFinal.Users, cySees.Presence[^1].Users);
        // Ann's delta that brought Cy names Cy alone.
        Assert.Contains(annSees.Deltas, d => d.Joined.Count == 1 && d.Joined[0].UserId == cyUser.Email && d.Left.Count == 0);
        Assert.Equal(0, cySees.Fetches);
    }

    [Fact]
    public async Task A_view_that_misses_a_delta_asks_GetPresence_and_converges()
    {
        var roomId = await Rooms.CreateAsync(Server);
        var annUser = await Server.RegisterAsync("ann", "Ann");
        var boUser = await Server.RegisterAsync("bo", "Bo");
        var cyUser = await Server.RegisterAsync("cy", "Cy");
        await using var ann = await RecordingClient.ConnectAsync(Server, annUser);
        await using var bo = await RecordingClient.ConnectAsync(Server, boUser);
        await using var cy = await RecordingClient.ConnectAsync(Server, cyUser);
        var annSees = PresenceLog.Attach(ann.Hub);
        await ann.Hub.JoinRoomAsync(roomId);
        await annSees.PresenceWithAsync(roomId, annUser.Email);
        await bo.Hub.JoinRoomAsync(roomId);
        await annSees.PresenceWithAsync(roomId, annUser.Email, boUser.Email);
        var bosDeltas = annSees.Deltas.Count;
        await cy.Hub.JoinRoomAsync(roomId);
        await annSees.PresenceWithAsync(roomId, annUser.Email, boUser.Email, cyUser.Email);

        // A second view of Ann's that got her join's list but lost the delta that brought Bo.
        var view = new PresenceView(roomId, id => ann.Hub.GetPresenceAsync(id));
        view.Apply(Assert.Single(annSees.Snapshots));
        var converged = ConvergedAsync(view, annUser.Email, boUser.Email, cyUser.Email);
        foreach (var delta in annSees.Deltas.Skip(bosDeltas))
        {
            view.Apply(delta);
        }
        var healed = await converged;
        // A delta of another presence activation is a gap too.
        var current = view.Current;
        var again = ConvergedAsync(view, annUser.Email, boUser.Email, cyUser.Email);
        view.Apply(new PresenceChangedEvent(roomId, Guid.NewGuid().ToString("N"), current.Version, current.Version + 1,
            [new PresenceUser("mallory@example.test", "Mallory", 1)], [], []));
        var reset = await again;
        var notJoined = await Assert.ThrowsAsync<HubRealtimeException>(() => ann.Hub.GetPresenceAsync(Rooms.NewId()));

        Assert.True(annSees.Deltas.Count > bosDeltas);
        Assert.Equal(2, view.Fetches);
        Assert.Equal(annSees.Presence[^1].Users, healed.Users);
        Assert.Equal(healed.Users, reset.Users);
        Assert.Equal(current.Epoch, reset.Epoch);
        Assert.Equal(ErrorCodes.NotInRoom, notJoined.Code);
    }

    /// <summary>The view's list once its user ids are exactly <paramref name="userIds"/> after a fetch.</summary>
    private static async Task<PresenceEvent> ConvergedAsync(PresenceView view, params string[] userIds)
    {
        var fetchesBefore = view.Fetches;
        var done = new TaskCompletionSource<PresenceEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        view.Changed += current =>
        {
            if (view.Fetches > fetchesBefore
                && current.Users.Select(u => u.UserId).Order(StringComparer.Ordinal).SequenceEqual(userIds.Order(StringComparer.Ordinal)))
            {
                done.TrySetResult(current);
            }
        };
        return await done.Task.WaitAsync(Patience);
    }
}
