using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HubRealtime.Grains;

public static class GrainsRegistration
{
    /// <summary>Services the grains need besides storage. Tests replace the clock with a fake one.</summary>
    public static ISiloBuilder AddHubRealtimeGrains(this ISiloBuilder silo)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        // Grace period and silo expiry of room presence ("HubRealtime:Presence"); defaults otherwise.
        silo.Services.AddOptions<Presence.PresenceOptions>().BindConfiguration("HubRealtime:Presence");
        // Per-silo services re-subscribe their grain observers the moment a silo joins, leaves or dies.
        silo.Services.AddSingleton<Cluster.MembershipChanges>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<Cluster.MembershipChanges>());
        // Bound of one storage write of the single-writer grains (rooms, audit logs).
        silo.Services.AddOptions<Common.StorageAttemptOptions>().BindConfiguration("HubRealtime:Storage")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero && o.AttemptTimeout <= TimeSpan.FromSeconds(4),
                "HubRealtime:Storage:AttemptTimeout must be more than 0 and at most 00:00:04 (an answer may take 6 of them, inside the 30 s call timeout).")
            .ValidateOnStart();
        silo.Services.TryAddSingleton<Common.StorageAttempts>();
        return silo;
    }
}
