using HubRealtime.Abstractions.Accounts;
using HubRealtime.Grains.Common;
using HubRealtime.Grains.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace HubRealtime.Grains.Accounts;

/// <summary>
/// The cluster's one revocation fan-out (key 0). Each revocation is numbered and stored before it goes
/// one-way to every subscribed silo; each silo's refresh acknowledges the newest number it saw and gets
/// the users revoked since. The observers live in memory only, so a grain that moved or a silo whose
/// subscription lapsed misses live pushes, and the next refresh makes up for them.
/// </summary>
public sealed partial class SessionRevocationGrain(
    [PersistentState("session-revocations", StorageNames.Grains)] IPersistentState<SessionRevocationState> state,
    TimeProvider time,
    ILogger<SessionRevocationGrain> logger) : Grain, ISessionRevocationGrain
{
    /// <summary>A silo that stops refreshing its subscription for this long is dropped.</summary>
    internal static readonly TimeSpan ObserverExpiry = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long revocations are kept for catching up: well beyond a silo's refresh (30 s), the bearer
    /// token (15 min) and the cookie's idle timeout (30 min). A silo further behind re-checks all sessions.
    /// </summary>
    internal static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    /// <summary>Bounds the one state record (user ids over all kept revocations).</summary>
    internal const int MaxRetainedUsers = 2000;

    private readonly ObserverManager<ISessionRevocationObserver> _observers =
        new(ObserverExpiry, logger) { GetDateTime = () => time.GetUtcNow().UtcDateTime };

    public Task<RevocationCatchUp> Subscribe(ISessionRevocationObserver observer, long seenThrough)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Subscribe(observer, observer);
        return Task.FromResult(CatchUp(seenThrough));
    }

    public Task Unsubscribe(ISessionRevocationObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task Revoke(IReadOnlyList<string> userIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            return;
        }
        IReadOnlyList<string> copy = [.. userIds.Distinct(StringComparer.Ordinal)];
        try
        {
            Record(copy);
            await state.WriteOrRevertAsync();
        }
        finally
        {
            // Pushed even when storing failed: live silos act at once, and the caller sees the error.
            LogRevoked(copy.Count, _observers.Count);
            await _observers.Notify(o => o.OnSessionsRevoked(copy));
        }
    }

    private RevocationCatchUp CatchUp(long seenThrough)
    {
        var revocations = state.State;
        if (seenThrough == RevocationCatchUp.NewSubscriber || seenThrough == revocations.Sequence)
        {
            return new RevocationCatchUp(revocations.Sequence, [], true);
        }
        if (seenThrough < revocations.TrimmedThrough || seenThrough > revocations.Sequence || seenThrough < 0)
        {
            // Older than what is kept, or a number this grain never gave (its storage was replaced).
            return new RevocationCatchUp(revocations.Sequence, [], false);
        }
        IReadOnlyList<string> missed = [.. revocations.Entries
            .Where(e => e.Sequence > seenThrough)
            .SelectMany(e => e.UserIds)
            .Distinct(StringComparer.Ordinal)];
        return new RevocationCatchUp(revocations.Sequence, missed, true);
    }

    private void Record(IReadOnlyList<string> userIds)
    {
        var revocations = state.State;
        var now = time.GetUtcNow();
        revocations.Sequence++;
        revocations.Entries.Add(new RevocationEntry(revocations.Sequence, now, userIds));
        var retained = revocations.Entries.Sum(e => e.UserIds.Count);
        while (revocations.Entries.Count > 0
            && (retained > MaxRetainedUsers || revocations.Entries[0].At < now - Retention))
        {
            var oldest = revocations.Entries[0];
            revocations.Entries.RemoveAt(0);
            revocations.TrimmedThrough = oldest.Sequence;
            retained -= oldest.UserIds.Count;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sessions of {Users} user(s) revoked on {Silos} silo(s)")]
    private partial void LogRevoked(int users, int silos);
}
