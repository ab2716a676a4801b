using HubRealtime.Abstractions.Accounts;
using HubRealtime.Server.Realtime;

namespace HubRealtime.Server.Authentication;

/// <summary>
/// This silo's subscription to the cluster's session revocations: when a user's sessions end
/// (deactivation, password change, sign-out everywhere) every live hub connection of theirs on this
/// silo is aborted at once; reconnecting fails because their old stamp no longer validates. The
/// subscription is refreshed on a timer, like the rooms' (the grain forgets silent silos).
/// </summary>
public sealed partial class SessionRevocationObserver(
    IGrainFactory grains,
    HubConnections connections,
    TimeProvider time,
    ILogger<SessionRevocationObserver> logger) : ISessionRevocationObserver, IHostedService, IDisposable
{
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private ISessionRevocationObserver? _self;
    private ITimer? _refresh;

    // Kept alive by this singleton (Orleans holds observer objects weakly).
    private ISessionRevocationObserver Self => _self ??= grains.CreateObjectReference<ISessionRevocationObserver>(this);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SubscribeAsync();
        _refresh = time.CreateTimer(_ => _ = SubscribeAsync(), null, RefreshInterval, RefreshInterval);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _refresh?.Dispose();
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

    private async Task SubscribeAsync()
    {
        try
        {
            await grains.GetGrain<ISessionRevocationGrain>(0).Subscribe(Self);
        }
        catch (Exception error)
        {
            LogSubscribeFailed(error);
        }
    }

    public void Dispose() => _refresh?.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Aborted {Connections} hub connection(s) of {Users} revoked user(s)")]
    private partial void LogAborted(int connections, int users);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to session revocations failed; retrying on the next refresh")]
    private partial void LogSubscribeFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unsubscribing from session revocations failed")]
    private partial void LogUnsubscribeFailed(Exception error);
}
