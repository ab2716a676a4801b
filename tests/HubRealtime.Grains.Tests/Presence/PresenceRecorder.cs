using HubRealtime.Abstractions.Presence;

namespace HubRealtime.Grains.Tests.Presence;

/// <summary>Stands in for one silo: records the snapshots and typing signals the presence grain sends it.</summary>
internal sealed class PresenceRecorder : IPresenceObserver
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly List<PresenceSnapshot> _snapshots = [];
    private readonly List<TypingNotice> _typing = [];
    private readonly List<(Func<bool> Ready, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<PresenceSnapshot> Snapshots
    {
        get { lock (_gate) { return [.. _snapshots]; } }
    }

    public IReadOnlyList<TypingNotice> Typing
    {
        get { lock (_gate) { return [.. _typing]; } }
    }

    public Task OnPresence(PresenceSnapshot snapshot) => Record(() => _snapshots.Add(snapshot));

    public Task OnTyping(TypingNotice notice) => Record(() => _typing.Add(notice));

    /// <summary>Completes once a received snapshot matches (fails after the patience).</summary>
    public Task<PresenceSnapshot> SnapshotAsync(Func<PresenceSnapshot, bool> match) =>
        WaitAsync(() => _snapshots.LastOrDefault(match));

    public Task<TypingNotice> TypingAsync(Func<TypingNotice, bool> match) =>
        WaitAsync(() => _typing.FirstOrDefault(match));

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

    private Task Record(Action add)
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
        return Task.CompletedTask;
    }
}
