using HubRealtime.Abstractions.Presence;
using HubRealtime.Client;
using HubRealtime.Server.Realtime;

namespace HubRealtime.Server.Tests.Presence;

/// <summary>
/// The delta stream of one silo's room (<see cref="PresenceRoom"/>) against the client rule
/// (<see cref="PresenceView"/>), without a server: random joins, count changes and leaves; the silo sees
/// only some of the grain's versions (coalescing, lost notifications); connections enter the group at
/// random points, get their welcome list at another, and deltas go out in between. Every view must end
/// equal to the room, without ever asking GetPresence.
/// </summary>
public sealed class PresenceDeltaStreamTests
{
    private sealed class Client
    {
        public required PresenceView View { get; init; }
        public bool Welcomed { get; set; }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Views_fed_welcomes_and_deltas_converge_to_the_room(int seed)
    {
        var random = new Random(seed);
        var room = new PresenceRoom("room-1");
        var truth = new Dictionary<string, PresenceUser>(StringComparer.Ordinal);
        var epoch = Guid.NewGuid();
        long version = 0;
        var clients = new List<Client>();
        var fetches = 0;

        for (var step = 0; step < 400; step++)
        {
            switch (random.Next(10))
            {
                case < 5:
                    Change(random, truth);
                    version++;
                    if (random.Next(3) > 0)
                    {
                        See(new PresenceSnapshot(room.RoomId, Order(truth), epoch, version));
                    }
                    break;
                case 5 or 6:
                    // A connection enters the group (it gets the group's sends from now on).
                    clients.Add(new Client
                    {
                        View = new PresenceView(room.RoomId, _ => { fetches++; throw new InvalidOperationException("No gap expected."); }),
                    });
                    break;
                case 7:
                    if (clients.FirstOrDefault(c => !c.Welcomed) is { } newcomer && room.Latest is { } latest)
                    {
                        // As PresenceFanout.SendWelcomeAsync.
                        if (room.Sent is null)
                        {
                            room.MarkSent(latest);
                        }
                        newcomer.View.Apply(PresenceRoom.Full(latest));
                        newcomer.Welcomed = true;
                    }
                    break;
                case 8:
                    GroupSend();
                    break;
                default:
                    if (random.Next(20) == 0)
                    {
                        // The presence grain moved: a new activation starts its versions afresh.
                        epoch = Guid.NewGuid();
                        version = 1;
                        See(new PresenceSnapshot(room.RoomId, Order(truth), epoch, version));
                    }
                    break;
            }
        }
        // The silo always ends up with the grain's newest version (the report's reply or the next refresh).
        See(new PresenceSnapshot(room.RoomId, Order(truth), epoch, version + 1));
        foreach (var newcomer in clients.Where(c => !c.Welcomed))
        {
            newcomer.View.Apply(PresenceRoom.Full(room.Latest!));
        }
        GroupSend();

        Assert.True(clients.Count > 20);
        Assert.All(clients, c => Assert.Equal(Order(truth), c.View.Current.Users));
        Assert.Equal(0, fetches);

        void See(PresenceSnapshot snapshot)
        {
            if (snapshot.IsNewerThan(room.Latest))
            {
                room.See(snapshot);
            }
        }

        // As PresenceFanout.SendGroupAsync.
        void GroupSend()
        {
            if (room.Latest is not { } latest || room.Sent is null)
            {
                if (room.Latest is { } first)
                {
                    room.MarkSent(first);
                }
                return;
            }
            if (room.TakeDelta() is { } delta)
            {
                clients.ForEach(c => c.View.Apply(delta));
            }
            else
            {
                room.MarkSent(latest);
                clients.ForEach(c => c.View.Apply(PresenceRoom.Full(latest)));
            }
        }
    }

    [Fact]
    public void A_delta_lists_only_who_changed()
    {
        var room = new PresenceRoom("room-2");
        var epoch = Guid.NewGuid();
        var many = Enumerable.Range(0, 500).Select(i => new PresenceUser($"u{i:D3}", $"User {i}", 1)).ToList();
        room.See(new PresenceSnapshot(room.RoomId, many, epoch, 1));
        room.MarkSent(room.Latest!);

        room.See(new PresenceSnapshot(room.RoomId, [.. many.Skip(1), new PresenceUser("new", "New", 1)], epoch, 2));
        room.See(new PresenceSnapshot(room.RoomId, [.. many.Skip(1).Select(u => u.UserId == "u002" ? u with { Connections = 2 } : u), new PresenceUser("new", "New", 1)], epoch, 3));
        var delta = room.TakeDelta()!;

        Assert.Equal((1L, 3L), (delta.FromVersion, delta.Version));
        Assert.Equal(["new"], delta.Joined.Select(u => u.UserId));
        Assert.Equal([new PresenceUser("u002", "User 2", 2)], delta.Updated);
        Assert.Equal(["u000"], delta.Left);
        Assert.Same(room.Latest, room.Sent);
        Assert.Empty(room.Touched);
    }

    private static void Change(Random random, Dictionary<string, PresenceUser> truth)
    {
        var pick = random.Next(3);
        if (pick == 0 || truth.Count == 0)
        {
            var id = $"user-{random.Next(30)}";
            truth[id] = new PresenceUser(id, $"Name {id}", truth.TryGetValue(id, out var u) ? u.Connections + 1 : 1);
        }
        else
        {
            var id = truth.Keys.ElementAt(random.Next(truth.Count));
            if (pick == 1)
            {
                truth.Remove(id);
            }
            else
            {
                truth[id] = truth[id] with { Connections = random.Next(1, 4) };
            }
        }
    }

    private static List<PresenceUser> Order(Dictionary<string, PresenceUser> users) =>
        [.. users.Values.OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(u => u.UserId, StringComparer.Ordinal)];
}
