using HubRealtime.Abstractions.Accounts;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace HubRealtime.Grains.Accounts;

/// <summary>
/// The cluster's one revocation fan-out (key 0): each silo's observer subscribes and refreshes like a
/// room's, and every revocation goes one-way to all of them at once. Nothing is stored: a silo that
/// misses one still refuses the old sessions, whose stamp no longer validates.
/// </summary>
public sealed partial class SessionRevocationGrain(TimeProvider time, ILogger<SessionRevocationGrain> logger) : Grain, ISessionRevocationGrain
{
    /// <summary>A silo that stops refreshing its subscription for this long is dropped.</summary>
    internal static readonly TimeSpan ObserverExpiry = TimeSpan.FromMinutes(2);

    private readonly ObserverManager<ISessionRevocationObserver> _observers =
        new(ObserverExpiry, logger) { GetDateTime = () => time.GetUtcNow().UtcDateTime };

    public Task Subscribe(ISessionRevocationObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(ISessionRevocationObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task Revoke(IReadOnlyList<string> userIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count > 0)
        {
            IReadOnlyList<string> copy = [.. userIds];
            LogRevoked(copy.Count, _observers.Count);
            _observers.Notify(o => o.OnSessionsRevoked(copy));
        }
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sessions of {Users} user(s) revoked on {Silos} silo(s)")]
    private partial void LogRevoked(int users, int silos);
}
