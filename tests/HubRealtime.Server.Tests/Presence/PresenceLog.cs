using HubRealtime.Abstractions.Presence;
using HubRealtime.Client;

namespace HubRealtime.Server.Tests.Presence;

/// <summary>
/// Records what one connection knows of presence: each room's list as a <see cref="PresenceView"/> keeps it
/// from the "Presence" snapshot and "PresenceChanged" deltas (one entry per change), the raw events, and
/// the "Typing" events, in arrival order.
/// </summary>
internal sealed class PresenceLog
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly List<PresenceEvent> _presence = [];
    private readonly List<PresenceEvent> _snapshots = [];
    private readonly List<PresenceChangedEvent> _deltas = [];
    private readonly Dictionary<string, PresenceView> _views = new(StringComparer.Ordinal);
    private readonly List<TypingEvent> _typing = [];
    private readonly List<(Func<bool> Ready, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _gate = new();

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

    public IReadOnlyList<PresenceEvent> Presence
    {
        get { lock (_gate) { return [.. _presence]; } }
    }

    /// <summary>The raw "Presence" events (full lists) this connection got.</summary>
    public IReadOnlyList<PresenceEvent> Snapshots
    {
        get { lock (_gate) { return [.. _snapshots]; } }
    }

    /// <summary>The raw "PresenceChanged" events this connection got.</summary>
    public IReadOnlyList<PresenceChangedEvent> Deltas
    {
        get { lock (_gate) { return [.. _deltas]; } }
    }

    /// <summary>How many times this connection's views had to ask GetPresence.</summary>
    public int Fetches
    {
        get { lock (_gate) { return _views.Values.Sum(v => v.Fetches); } }
    }

    public IReadOnlyList<TypingEvent> Typing
    {
        get { lock (_gate) { return [.. _typing]; } }
    }

    /// <summary>How many presence lists arrived so far (to wait only for later ones).</summary>
    public int Mark()
    {
        lock (_gate)
        {
            return _presence.Count;
        }
    }

    /// <summary>A presence list, received already or from now on, whose user ids are exactly <paramref name="userIds"/>.</summary>
    public Task<PresenceEvent> PresenceWithAsync(string roomId, params string[] userIds) => PresenceWithAsync(0, roomId, userIds);

    /// <summary>As above, among the lists received after <paramref name="mark"/> (<see cref="Mark"/>).</summary>
    public Task<PresenceEvent> PresenceWithAsync(int mark, string roomId, params string[] userIds) =>
        WaitAsync(() => _presence.Skip(mark).LastOrDefault(e => e.RoomId == roomId
            && e.Users.Select(u => u.UserId).Order(StringComparer.Ordinal).SequenceEqual(userIds.Order(StringComparer.Ordinal))));

    public Task<PresenceEvent> PresenceAsync(Func<PresenceEvent, bool> match, int mark = 0) => WaitAsync(() => _presence.Skip(mark).LastOrDefault(match));

    public Task<TypingEvent> TypingFromAsync(string userId) => WaitAsync(() => _typing.FirstOrDefault(t => t.UserId == userId));

    private PresenceView View(RoomHubClient hub, string roomId)
    {
        lock (_gate)
        {
            if (!_views.TryGetValue(roomId, out var view))
            {
                _views[roomId] = view = new PresenceView(roomId, id => hub.GetPresenceAsync(id));
                view.Changed += current => Record(() => _presence.Add(current));
            }
            return view;
        }
    }

    private async Task<T> WaitAsync<T>(Func<T?> find) where T : class
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (find() is { } found)
            {
                return found;
            }
            _waiters.Add((() => find() is not null, done));
        }
        await done.Task.WaitAsync(Patience);
        lock (_gate)
        {
            return find()!;
        }
    }

    private void Record(Action add)
    {
        lock (_gate)
        {
            add();
            foreach (var waiter in _waiters.Where(w => w.Ready()).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }
}
