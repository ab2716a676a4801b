using HubRealtime.Abstractions.Presence;

namespace HubRealtime.Client;

/// <summary>
/// One room's presence list kept from the "Presence" snapshot and the "PresenceChanged" deltas, by the
/// rule of docs/protocol.md: a delta applies when its fromVersion is at most the view's version (and its
/// version above it); an older one is skipped; one from a later version, or another epoch, is a gap and
/// the view asks GetPresence. Deltas that arrive before the first snapshot, or while a snapshot is on its
/// way, wait and are replayed on it; any that still do not follow it are dropped (the next delta asks
/// again if something was really missed), so a bad delta cannot make the view ask in a loop.
/// </summary>
public sealed class PresenceView
{
    /// <summary>More waiting deltas than this: drop them and rely on the snapshot asked for.</summary>
    private const int MaxWaiting = 1_000;

    private readonly Lock _gate = new();
    private readonly string _roomId;
    private readonly Func<string, Task<PresenceEvent>> _fetch;
    private readonly List<PresenceChangedEvent> _waiting = [];
    private Dictionary<string, PresenceUser>? _users;
    private string _epoch = "";
    private long _version;
    private bool _fetching;

    public PresenceView(string roomId, Func<string, Task<PresenceEvent>> fetch)
    {
        _roomId = roomId;
        _fetch = fetch;
    }

    /// <summary>Raised with the whole list after every change of the view (in the thread that applied it).</summary>
    public event Action<PresenceEvent>? Changed;

    /// <summary>How many times the view had to ask for a snapshot.</summary>
    public int Fetches { get; private set; }

    /// <summary>The list now (empty before the first snapshot).</summary>
    public PresenceEvent Current
    {
        get { lock (_gate) { return Snapshot(); } }
    }

    /// <summary>A view of <paramref name="roomId"/> fed by the hub's presence events.</summary>
    public static PresenceView Attach(RoomHubClient hub, string roomId)
    {
        var view = new PresenceView(roomId, id => hub.GetPresenceAsync(id));
        hub.OnPresence(e => { if (e.RoomId == roomId) { view.Apply(e); } });
        hub.OnPresenceChanged(e => { if (e.RoomId == roomId) { view.Apply(e); } });
        return view;
    }

    /// <summary>The "Presence" event: starts the view over from it.</summary>
    public void Apply(PresenceEvent snapshot) => Restart(snapshot, keepNewer: false);

    /// <summary>
    /// Under a snapshot: replaces the view (unless <paramref name="keepNewer"/> and the view is newer, as
    /// when deltas overtook a GetPresence reply) and replays the deltas that waited.
    /// </summary>
    private void Restart(PresenceEvent snapshot, bool keepNewer)
    {
        PresenceEvent current;
        lock (_gate)
        {
            if (!(keepNewer && _users is not null && snapshot.Epoch == _epoch && snapshot.Version < _version))
            {
                _users = snapshot.Users.ToDictionary(u => u.UserId, StringComparer.Ordinal);
                _epoch = snapshot.Epoch;
                _version = snapshot.Version;
            }
            _fetching = false;
            // Deltas of another epoch predate this view's activation (a newer one sends a snapshot).
            foreach (var delta in _waiting.Where(d => d.Epoch == _epoch).OrderBy(d => d.Version))
            {
                TryApply(delta);
            }
            _waiting.Clear();
            current = Snapshot();
        }
        Changed?.Invoke(current);
    }

    public void Apply(PresenceChangedEvent delta)
    {
        PresenceEvent? current = null;
        var fetch = false;
        lock (_gate)
        {
            if (_users is null || _fetching)
            {
                Wait(delta);
            }
            else if (TryApply(delta))
            {
                current = Snapshot();
            }
            else
            {
                Wait(delta);
                fetch = StartFetch();
            }
        }
        if (current is not null)
        {
            Changed?.Invoke(current);
        }
        if (fetch)
        {
            _ = FetchAsync();
        }
    }

    /// <summary>Under the lock: true when applied or already contained, false on a gap.</summary>
    private bool TryApply(PresenceChangedEvent delta)
    {
        if (delta.Epoch != _epoch || delta.FromVersion > _version)
        {
            return false;
        }
        if (delta.Version <= _version)
        {
            return true;
        }
        foreach (var user in delta.Joined.Concat(delta.Updated))
        {
            _users![user.UserId] = user;
        }
        foreach (var userId in delta.Left)
        {
            _users!.Remove(userId);
        }
        _version = delta.Version;
        return true;
    }

    private bool StartFetch()
    {
        _fetching = true;
        Fetches++;
        return true;
    }

    private void Wait(PresenceChangedEvent delta)
    {
        if (_waiting.Count >= MaxWaiting)
        {
            _waiting.Clear();
        }
        _waiting.Add(delta);
    }

    private async Task FetchAsync()
    {
        try
        {
            Restart(await _fetch(_roomId), keepNewer: true);
        }
        catch (Exception)
        {
            // Left the room or disconnected: the next delta asks again.
            lock (_gate)
            {
                _fetching = false;
            }
        }
    }

    private PresenceEvent Snapshot() => new(_roomId,
        [.. (_users?.Values ?? Enumerable.Empty<PresenceUser>())
            .OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(u => u.UserId, StringComparer.Ordinal)],
        _epoch, _version);
}
