namespace HubRealtime.Grains.Common;

/// <summary>
/// Group commit for a reentrant grain: items that arrive while a commit is in flight wait and go out
/// together in the next one, so a busy grain pays one storage write per batch instead of one per item.
/// Runs on the grain's scheduler: every change happens between awaits. <paramref name="commitBatch"/>
/// must not throw (it reports failures to the batch's callers). An item that waited in the queue longer
/// than <see cref="StorageAttempts.MaxQueueWait"/> (storage is slow or frozen) is never written: it goes
/// to <paramref name="expire"/>, which fails it, so that no write starts after its caller's call timed out.
/// </summary>
internal sealed class GroupCommitQueue<T>(int maxBatch, StorageAttempts attempts, Func<List<T>, Task> commitBatch, Action<T> expire)
{
    private readonly List<(T Item, long EnqueuedAt)> _queue = [];
    private bool _flushing;

    public void Enqueue(T item)
    {
        _queue.Add((item, attempts.Now()));
        if (!_flushing)
        {
            _flushing = true;
            _ = FlushAsync();
        }
    }

    private async Task FlushAsync()
    {
        try
        {
            while (_queue.Count > 0)
            {
                var count = Math.Min(maxBatch, _queue.Count);
                var batch = new List<T>(count);
                foreach (var (item, enqueuedAt) in _queue.GetRange(0, count))
                {
                    if (attempts.WaitedTooLong(enqueuedAt))
                    {
                        expire(item);
                    }
                    else
                    {
                        batch.Add(item);
                    }
                }
                _queue.RemoveRange(0, count);
                if (batch.Count > 0)
                {
                    await commitBatch(batch);
                }
            }
        }
        finally
        {
            _flushing = false;
        }
    }
}
