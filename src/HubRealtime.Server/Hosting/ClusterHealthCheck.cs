using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace HubRealtime.Server.Hosting;

/// <summary>Ready when the silo answers a grain call (and so its cluster membership works).</summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
#pragma warning disable CA2016 // GetHosts takes no token; WaitAsync stops the wait instead.
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
#pragma warning restore CA2016
            return hosts.Count > 0 ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)") : HealthCheckResult.Unhealthy("No active silo");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The cluster does not answer", error);
        }
    }
}
