using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Grains.Cluster;

/// <summary>
/// Tells this silo's per-silo services (room and presence fan-out) the moment the cluster's membership
/// changes: a silo joined, left or died. A grain that lived on a dead silo is activated elsewhere and
/// has lost its observers, so each subscriber re-subscribes at once instead of waiting for its refresh
/// timer (30 s), which stays as the safety net.
/// </summary>
public sealed partial class MembershipChanges(IClusterMembershipService membership, ILogger<MembershipChanges> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly List<Func<ClusterMembershipSnapshot, Task>> _handlers = [];

    /// <summary>Calls <paramref name="handler"/> after each membership change (not for the view at start).</summary>
    public IDisposable Register(Func<ClusterMembershipSnapshot, Task> handler)
    {
        lock (_gate)
        {
            _handlers.Add(handler);
        }
        return new Registration(this, handler);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = membership.CurrentSnapshot.Version;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                if (snapshot.Version <= seen)
                {
                    continue;
                }
                seen = snapshot.Version;
                List<Func<ClusterMembershipSnapshot, Task>> handlers;
                lock (_gate)
                {
                    handlers = [.. _handlers];
                }
                LogChanged(snapshot.Version.Value, handlers.Count);
                foreach (var handler in handlers)
                {
                    try
                    {
                        await handler(snapshot);
                    }
                    catch (Exception error)
                    {
                        LogHandlerFailed(error);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private void Unregister(Func<ClusterMembershipSnapshot, Task> handler)
    {
        lock (_gate)
        {
            _handlers.Remove(handler);
        }
    }

    private sealed class Registration(MembershipChanges owner, Func<ClusterMembershipSnapshot, Task> handler) : IDisposable
    {
        public void Dispose() => owner.Unregister(handler);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster membership changed (version {Version}); {Count} subscribers re-subscribe")]
    private partial void LogChanged(long version, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A membership change handler failed; its refresh timer retries")]
    private partial void LogHandlerFailed(Exception error);
}
