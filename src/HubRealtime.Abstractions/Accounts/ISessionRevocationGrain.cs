using Orleans.Concurrency;

namespace HubRealtime.Abstractions.Accounts;

/// <summary>
/// Tells every silo at once that a user's sessions ended (deactivation, password change, sign-out
/// everywhere), so each silo closes that user's live connections. One grain for the cluster (key 0):
/// silos subscribe their observer and refresh it on a timer, as with rooms.
/// </summary>
public interface ISessionRevocationGrain : IGrainWithIntegerKey
{
    Task Subscribe(ISessionRevocationObserver observer);

    Task Unsubscribe(ISessionRevocationObserver observer);

    /// <summary>Called by user and agency grains; fans out to every subscribed silo.</summary>
    Task Revoke(IReadOnlyList<string> userIds);
}

public interface ISessionRevocationObserver : IGrainObserver
{
    [OneWay]
    Task OnSessionsRevoked(IReadOnlyList<string> userIds);
}
