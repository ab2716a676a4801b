namespace HubRealtime.Grains.Presence;

/// <summary>Timing of room presence (configuration section "HubRealtime:Presence" when the host binds it).</summary>
public sealed class PresenceOptions
{
    /// <summary>How long a user whose last connection went stays listed: a reconnect within it is no leave/join.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A silo that has not reported for this long is taken for dead and its connections are dropped.
    /// Silos re-assert their connections every 15 s, so this must stay well above that.
    /// </summary>
    public TimeSpan SiloExpiry { get; set; } = TimeSpan.FromSeconds(45);
}
