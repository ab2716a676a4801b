using Orleans.Concurrency;

namespace HubRealtime.Abstractions.Accounts;

/// <summary>
/// Tells every silo that a user's sessions ended (deactivation, password change, sign-out everywhere),
/// so each silo closes that user's live connections. One grain for the cluster (key 0). Revocations are
/// numbered and kept for a while: a silo pushed to live, and each refresh of its subscription
/// (on a timer) also answers what it missed since the number it acknowledges, so a revocation made
/// while the grain moved or the silo's subscription was lost still reaches it.
/// </summary>
[Alias("HubRealtime.Abstractions.Accounts.ISessionRevocationGrain")]
public interface ISessionRevocationGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Subscribes or refreshes a silo's observer and answers the revocations after
    /// <paramref name="seenThrough"/> (<see cref="RevocationCatchUp.NewSubscriber"/> on a silo's first
    /// call, which has nothing to catch up).
    /// </summary>
    [Alias("Subscribe")]
    Task<RevocationCatchUp> Subscribe(ISessionRevocationObserver observer, long seenThrough);

    [Alias("Unsubscribe")]
    Task Unsubscribe(ISessionRevocationObserver observer);

    /// <summary>Called by user grains; stored, then pushed to every subscribed silo.</summary>
    [Alias("Revoke")]
    Task Revoke(IReadOnlyList<string> userIds);
}

[Alias("HubRealtime.Abstractions.Accounts.ISessionRevocationObserver")]
public interface ISessionRevocationObserver : IGrainObserver
{
    /// <summary>The live push: these users' connections on this silo close now.</summary>
    [OneWay, Alias("OnSessionsRevoked")]
    Task OnSessionsRevoked(IReadOnlyList<string> userIds);
}

/// <summary>What a silo missed since the revocation number it acknowledged.</summary>
/// <param name="Sequence">The newest revocation's number: the silo acknowledges it on its next refresh.</param>
/// <param name="UserIds">Users revoked after the acknowledged number, each once: the silo re-checks their sessions.</param>
/// <param name="Complete">
/// False when the acknowledged number is older than what the grain keeps, or unknown to it: the silo
/// re-checks every live session it holds.
/// </param>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Accounts.RevocationCatchUp")]
public sealed record RevocationCatchUp(
    [property: Id(0)] long Sequence,
    [property: Id(1)] IReadOnlyList<string> UserIds,
    [property: Id(2)] bool Complete)
{
    /// <summary>The <c>seenThrough</c> of a silo that never subscribed (it holds no older connections).</summary>
    public const long NewSubscriber = -1;
}
