using Microsoft.Extensions.Options;

namespace HubRealtime.Grains.Common;

/// <summary>How long one storage write of a single-writer grain may take ("HubRealtime:Storage").</summary>
public sealed class StorageAttemptOptions
{
    /// <summary>
    /// Bound of one storage attempt, well inside the 30 s Orleans call timeout, so that a frozen store
    /// gets its callers a clear answer (and a resync) instead of a call timeout.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>
/// Starts the deadline of one storage attempt on the grains' clock. The token goes into the store call;
/// the stores say what a cancelled write means (see <see cref="Storage.StorageOutcomeUnknownException"/>).
/// </summary>
public sealed class StorageAttempts(IOptions<StorageAttemptOptions> options, TimeProvider time)
{
    public TimeSpan Timeout => options.Value.AttemptTimeout;

    /// <summary>
    /// Longest wait in a commit queue before the write starts. With the room's limit on a batch's later
    /// parts (started within 1 bound) and one part's own attempts (resync, write, read-back: 3 bounds), an
    /// answer comes within 6 bounds, inside the 30 s call timeout.
    /// </summary>
    public TimeSpan MaxQueueWait => 2 * Timeout;

    /// <summary>A source cancelled after <see cref="Timeout"/>; dispose it when the attempt ends.</summary>
    public CancellationTokenSource Start() => new(Timeout, time);

    public long Now() => time.GetTimestamp();

    public TimeSpan Elapsed(long since) => time.GetElapsedTime(since);

    public bool WaitedTooLong(long since) => Elapsed(since) > MaxQueueWait;
}
