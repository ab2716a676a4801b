namespace HubRealtime.Grains.Common;

/// <summary>
/// Group commit for a reentrant grain: items that arrive while a commit is in flight wait and go out
/// together in the next one, so a busy grain pays one storage write per batch instead of one per item.
/// Runs on the grain's scheduler: every change happens between awaits. <paramref name="commitBatch"/>
/// must not throw (it reports failures to the batch's callers).
/// </summary>
internal sealed class GroupCommitQueue<T>(int maxBatch, Func<List<T>, Task> commitBatch)
{
    private readonly List<T> _queue = [];
    private bool _flushing;

    public void Enqueue(T item)
    {
        _queue.Add(item);
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
                var batch = _queue.GetRange(0, count);
                _queue.RemoveRange(0, count);
                await commitBatch(batch);
            }
        }
        finally
        {
            _flushing = false;
        }
    }
}
