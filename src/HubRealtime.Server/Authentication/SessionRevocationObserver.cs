using HubRealtime.Abstractions.Accounts;
using HubRealtime.Grains.Cluster;
using HubRealtime.Server.Realtime;

namespace HubRealtime.Server.Authentication;

/// <summary>
/// This silo's subscription to the cluster's session revocations: when a user's sessions end
/// (deactivation, password change, sign-out everywhere) every live hub connection of theirs on this
/// silo is aborted at once; reconnecting fails because their old stamp no longer validates. The
/// subscription is refreshed on a timer (the grain forgets silent silos, and forgets every silo when it
/// moves); each refresh acknowledges the newest revocation seen and re-checks the sessions of users
/// revoked since, so a push lost meanwhile still cuts their connections.
/// </summary>
public sealed partial class SessionRevocationObserver(
    IGrainFactory grains,
    HubConnections connections,
    MembershipChanges membership,
    TimeProvider time,
    ILogger<SessionRevocationObserver> logger) : ISessionRevocationObserver, IHostedService, IDisposable
{
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private long _seenThrough = RevocationCatchUp.NewSubscriber;
    private ISessionRevocationObserver? _self;
    private ITimer? _refresh;
    private IDisposable? _membershipWatch;

    // Kept alive by this singleton (Orleans holds observer objects weakly).
    private ISessionRevocationObserver Self => _self ??= grains.CreateObjectReference<ISessionRevocationObserver>(this);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync();
        _refresh = time.CreateTimer(_ => _ = RefreshAsync(), null, RefreshInterval, RefreshInterval);
        // The revocation grain may have lived on a silo that died: catch up at once, not at the next tick.
        _membershipWatch = membership.Register(_ => RefreshAsync());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _refresh?.Dispose();
        _membershipWatch?.Dispose();
        try
        {
            await grains.GetGrain<ISessionRevocationGrain>(0).Unsubscribe(Self).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception error)
        {
            // Harmless: the grain forgets the subscription when it expires.
            LogUnsubscribeFailed(error);
        }
    }

    public Task OnSessionsRevoked(IReadOnlyList<string> userIds)
    {
        var aborted = connections.AbortSessions(userIds);
        if (aborted > 0)
        {
            LogAborted(aborted, userIds.Count);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Subscribes again and catches up on what this silo missed. Runs on the timer; also safe to call
    /// at any time (e.g. when cluster membership changed), one refresh at a time.
    /// </summary>
    public async Task RefreshAsync()
    {
        await _refreshing.WaitAsync();
        try
        {
            var catchUp = await grains.GetGrain<ISessionRevocationGrain>(0).Subscribe(Self, _seenThrough);
            // Re-checked rather than aborted: a user revoked a while ago may have signed in again since.
            var checkedAll = !catchUp.Complete ? await connections.RecheckSessionsAsync(null)
                : catchUp.UserIds.Count > 0 ? await connections.RecheckSessionsAsync(catchUp.UserIds)
                : true;
            if (!catchUp.Complete || catchUp.UserIds.Count > 0)
            {
                LogCaughtUp(catchUp.Complete ? catchUp.UserIds.Count : -1, _seenThrough, catchUp.Sequence);
            }
            if (checkedAll)
            {
                // Acknowledged only once every check ran, so a failed one is retried on the next refresh.
                _seenThrough = catchUp.Sequence;
            }
        }
        catch (Exception error)
        {
            LogSubscribeFailed(error);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public void Dispose()
    {
        _refresh?.Dispose();
        _membershipWatch?.Dispose();
        _refreshing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Aborted {Connections} hub connection(s) of {Users} revoked user(s)")]
    private partial void LogAborted(int connections, int users);

    [LoggerMessage(Level = LogLevel.Information, Message = "Caught up on session revocations {From}..{To}: re-checked {Users} user(s) (-1: all)")]
    private partial void LogCaughtUp(int users, long from, long to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to session revocations failed; retrying on the next refresh")]
    private partial void LogSubscribeFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unsubscribing from session revocations failed")]
    private partial void LogUnsubscribeFailed(Exception error);
}
