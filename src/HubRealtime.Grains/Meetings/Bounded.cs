namespace HubRealtime.Grains.Meetings;

/// <summary>
/// Runs grain calls for many items with at most a fixed number in flight: a 400-room round or a
/// 2,500-person roster would otherwise queue thousands of calls at once, and the last of them could
/// wait past the caller's response timeout behind storage writes.
/// </summary>
internal static class Bounded
{
    /// <summary>Calls in flight at once (each typically one storage write in another grain).</summary>
    public const int Degree = 32;

    /// <summary>
    /// The results in input order. Continuations run on the calling grain's scheduler (one at a time);
    /// the first failure is rethrown after every started call ended.
    /// </summary>
    public static async Task<TResult[]> SelectAsync<T, TResult>(IReadOnlyList<T> items, Func<T, Task<TResult>> action)
    {
        using var gate = new SemaphoreSlim(Degree);
        return await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                return await action(item);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    public static Task ForEachAsync<T>(IReadOnlyList<T> items, Func<T, Task> action) =>
        SelectAsync(items, async item =>
        {
            await action(item);
            return true;
        });
}
