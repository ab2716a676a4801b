namespace HubRealtime.Testing;

/// <summary>
/// The lock and the waiters of a test recorder: record what arrives under the lock, read it under the lock,
/// and await a condition on it (completes as soon as it holds, fails after the patience; no polling).
/// </summary>
public sealed class Arrivals(TimeSpan patience)
{
    private readonly List<(Func<bool> Ready, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _gate = new();

    /// <summary>Reads the recorder's state under the lock.</summary>
    public T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    /// <summary>Changes the recorder's state under the lock, then releases the waiters whose condition now holds.</summary>
    public void Record(Action add)
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

    /// <summary>What <paramref name="find"/> returns once it is not null, now or after a later <see cref="Record"/>.</summary>
    public async Task<T> WaitAsync<T>(Func<T?> find) where T : class
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
        await done.Task.WaitAsync(patience);
        lock (_gate)
        {
            return find()!;
        }
    }
}
