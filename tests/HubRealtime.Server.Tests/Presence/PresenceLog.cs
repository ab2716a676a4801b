using HubRealtime.Abstractions.Presence;
using HubRealtime.Client;

namespace HubRealtime.Server.Tests.Presence;

/// <summary>Records the "Presence" and "Typing" events one connection receives, in arrival order.</summary>
internal sealed class PresenceLog
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly List<PresenceEvent> _presence = [];
    private readonly List<TypingEvent> _typing = [];
    private readonly List<(Func<bool> Ready, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _gate = new();

    private PresenceLog()
    {
    }

    public static PresenceLog Attach(RoomHubClient hub)
    {
        var log = new PresenceLog();
        hub.OnPresence(e => log.Record(() => log._presence.Add(e)));
        hub.OnTyping(e => log.Record(() => log._typing.Add(e)));
        return log;
    }

    public IReadOnlyList<PresenceEvent> Presence
    {
        get { lock (_gate) { return [.. _presence]; } }
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
