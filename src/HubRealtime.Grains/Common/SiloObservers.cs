using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace HubRealtime.Grains.Common;

/// <summary>
/// The per-silo observers of a grain's live events (one observer per silo, never one per connection):
/// a silo that stops refreshing is forgotten after <c>expiry</c>, and one the cluster declared dead is
/// dropped at the next subscription or notification, so events stop going to it at once. Rooms use it;
/// notes and polls will too.
/// </summary>
internal sealed class SiloObservers<T>
    where T : IAddressable
{
    private readonly ObserverManager<T> _observers;
    private readonly Dictionary<SiloAddress, T> _bySilo = [];
    private readonly Func<ClusterMembershipSnapshot?> _membership;
    private MembershipVersion _checked = MembershipVersion.MinValue;

    /// <param name="membership">The cluster's current view (<see cref="IClusterMembershipService.CurrentSnapshot"/>).</param>
    public SiloObservers(TimeSpan expiry, TimeProvider time, Func<ClusterMembershipSnapshot?> membership, ILogger logger)
    {
        _observers = new ObserverManager<T>(expiry, logger) { GetDateTime = () => time.GetUtcNow().UtcDateTime };
        _membership = membership;
    }

    public int Count => _observers.Count;

    /// <summary>Subscribes (or refreshes) <paramref name="silo"/>'s observer; a new reference from the same silo replaces its old one.</summary>
    public void Subscribe(SiloAddress silo, T observer)
    {
        ArgumentNullException.ThrowIfNull(silo);
        DropDeadSilos();
        if (_bySilo.TryGetValue(silo, out var previous) && !EqualityComparer<T>.Default.Equals(previous, observer))
        {
            _observers.Unsubscribe(previous);
        }
        _bySilo[silo] = observer;
        _observers.Subscribe(observer, observer);
    }

    public void Unsubscribe(T observer)
    {
        _observers.Unsubscribe(observer);
        foreach (var (silo, known) in _bySilo.Where(p => EqualityComparer<T>.Default.Equals(p.Value, observer)).ToList())
        {
            _bySilo.Remove(silo);
        }
    }

    /// <summary>Sends to every live silo's observer (one-way calls: a failure is the silo's expiry's business).</summary>
    public Task Notify(Func<T, Task> notification)
    {
        DropDeadSilos();
        return _observers.Notify(notification);
    }

    /// <summary>Checks the membership only when its version moved, so a notification costs O(1) otherwise.</summary>
    private void DropDeadSilos()
    {
        if (_bySilo.Count == 0 || _membership() is not { } snapshot || snapshot.Version == _checked)
        {
            return;
        }
        _checked = snapshot.Version;
        foreach (var (silo, observer) in _bySilo.ToList())
        {
            if (snapshot.GetSiloStatus(silo) == SiloStatus.Dead)
            {
                _bySilo.Remove(silo);
                _observers.Unsubscribe(observer);
            }
        }
    }
}
