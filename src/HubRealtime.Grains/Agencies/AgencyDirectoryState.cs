using HubRealtime.Abstractions.Agencies;

namespace HubRealtime.Grains.Agencies;

/// <summary>The agency list: one record, bounded by <see cref="AgencyDirectoryGrain.MaxAgencies"/>.</summary>
[GenerateSerializer, Alias("HubRealtime.Grains.Agencies.AgencyDirectoryState")]
public sealed class AgencyDirectoryState
{
    /// <summary>Keyed by agency id.</summary>
    [Id(0)] public Dictionary<string, AgencyInfo> Agencies { get; set; } = [];
}
