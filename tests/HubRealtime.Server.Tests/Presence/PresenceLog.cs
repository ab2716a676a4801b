using HubRealtime.Abstractions.Presence;
using HubRealtime.Client;
using HubRealtime.Testing;

namespace HubRealtime.Server.Tests.Presence;

/// <summary>
/// Records what one connection knows of presence: each room's list as a <see cref="PresenceView"/> keeps it
/// from the "Presence" snapshot and "PresenceChanged" deltas (one entry per change), the raw events, and
/// the "Typing" events, in arrival order.
/// </summary>
internal sealed class PresenceLog
{
    private readonly Arrivals _arrivals = new(TimeSpan.FromSeconds(30));
    private readonly List<PresenceEvent> _presence = [];
    private readonly List<PresenceEvent> _snapshots = [];
    private readonly List<PresenceChangedEvent> _deltas = [];
    private readonly Dictionary<string, PresenceView> _views = new(StringComparer.Ordinal);
    private readonly List<TypingEvent> _typing = [];

    private PresenceLog()
    {
    }

    public static PresenceLog Attach(RoomHubClient hub)
    {
        var log = new PresenceLog();
        hub.OnPresence(e =>
        {
            log.Record(() => log._snapshots.Add(e));
            log.View(hub, e.RoomId).Apply(e);
        });
        hub.OnPresenceChanged(e =>
        {
            log.Record(() => log._deltas.Add(e));
            log.View(hub, e.RoomId).Apply(e);
        });
        hub.OnTyping(e => log.Record(() => log._typing.Add(e)));
        return log;
    }

    public IReadOnlyList<PresenceEvent> Presence => _arrivals.Read(() => _presence.ToList());

    /// <summary>The raw "Presence" events (full lists) this connection got.</summary>
    public IReadOnlyList<PresenceEvent> Snapshots => _arrivals.Read(() => _snapshots.ToList());

    /// <summary>The raw "PresenceChanged" events this connection got.</summary>
    public IReadOnlyList<PresenceChangedEvent> Deltas => _arrivals.Read(() => _deltas.ToList());

    /// <summary>How many times this connection's views had to ask GetPresence.</summary>
    public int Fetches => _arrivals.Read(() => _views.Values.Sum(v => v.Fetches));

    public IReadOnlyList<TypingEvent> Typing => _arrivals.Read(() => _typing.ToList());

    /// <summary>How many presence lists arrived so far (to wait only for later ones).</summary>
    public int Mark() => _arrivals.Read(() => _presence.Count);

    /// <summary>A presence list, received already or from now on, whose user ids are exactly <paramref name="userIds"/>.</summary>
    public Task<PresenceEvent> PresenceWithAsync(string roomId, params string[] userIds) => PresenceWithAsync(0, roomId, userIds);

    /// <summary>As above, among the lists received after <paramref name="mark"/> (<see cref="Mark"/>).</summary>
    public Task<PresenceEvent> PresenceWithAsync(int mark, string roomId, params string[] userIds) =>
        WaitAsync(() => _presence.Skip(mark).LastOrDefault(e => e.RoomId == roomId
            && e.Users.Select(u => u.UserId).Order(StringComparer.Ordinal).SequenceEqual(userIds.Order(StringComparer.Ordinal))));

    public Task<PresenceEvent> PresenceAsync(Func<PresenceEvent, bool> match, int mark = 0) => WaitAsync(() => _presence.Skip(mark).LastOrDefault(match));

    public Task<TypingEvent> TypingFromAsync(string userId) => WaitAsync(() => _typing.FirstOrDefault(t => t.UserId == userId));

    private PresenceView View(RoomHubClient hub, string roomId) => _arrivals.Read(() =>
    {
        if (!_views.TryGetValue(roomId, out var view))
        {
            _views[roomId] = view = new PresenceView(roomId, id => hub.GetPresenceAsync(id));
            view.Changed += current => Record(() => _presence.Add(current));
        }
        return view;
    });

    private Task<T> WaitAsync<T>(Func<T?> find) where T : class => _arrivals.WaitAsync(find);

    private void Record(Action add) => _arrivals.Record(add);
}
