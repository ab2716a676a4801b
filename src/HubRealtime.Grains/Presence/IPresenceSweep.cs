namespace HubRealtime.Grains.Presence;

/// <summary>
/// How the presence grain's clock reaches the grain: the timer callback runs outside the grain, so it
/// calls this through the grain's own reference and the sweep runs as an ordinary turn.
/// </summary>
[Alias("HubRealtime.Grains.Presence.IPresenceSweep")]
public interface IPresenceSweep : IGrainWithStringKey
{
    [Alias("Sweep")]
    Task Sweep();
}
