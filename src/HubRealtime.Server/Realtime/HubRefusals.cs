using System.Diagnostics.Metrics;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// Counts expected refusals of hub calls (not_in_room, forbidden, rate_limited, ...) by code and method:
/// they are the product working as designed, so they are measured rather than logged as errors.
/// </summary>
public sealed class HubRefusals
{
    public const string MeterName = "HubRealtime.Server";

    public const string CounterName = "hubrealtime.hub.refusals";

    private readonly Counter<long> _refusals;

    public HubRefusals(IMeterFactory meters) =>
        _refusals = meters.Create(MeterName).CreateCounter<long>(CounterName, "{refusal}", "Hub calls refused with a typed error, by code and method");

    public void Count(string code, string method) =>
        _refusals.Add(1, new KeyValuePair<string, object?>("code", code), new KeyValuePair<string, object?>("method", method));
}
