using HubRealtime.Abstractions.Agencies;

namespace HubRealtime.Grains.Agencies;

/// <summary>
/// An agency's persisted state. Bounded: at most <see cref="AgencyGrain.MaxMembers"/> members and
/// <see cref="AgencyGrain.MaxInvitationsKept"/> recent invitations (old settled ones are dropped first).
/// </summary>
[GenerateSerializer, Alias("HubRealtime.Grains.Agencies.AgencyState")]
public sealed class AgencyState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string Country { get; set; } = "";
    [Id(2)] public AgencyKind Kind { get; set; }
    [Id(3)] public bool Active { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public string CreatedBy { get; set; } = "";

    /// <summary>Keyed by normalized e-mail.</summary>
    [Id(6)] public Dictionary<string, AgencyMember> Members { get; set; } = [];

    /// <summary>Oldest first. Status as last reported; expiry is computed on read.</summary>
    [Id(7)] public List<InvitationInfo> Invitations { get; set; } = [];
}
