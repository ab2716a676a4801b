using HubRealtime.Abstractions.WorkingGroups;

namespace HubRealtime.Grains.WorkingGroups;

/// <summary>A working group's persisted state, bounded by <see cref="WorkingGroupGrain.MaxMembers"/>.</summary>
[GenerateSerializer, Alias("HubRealtime.Grains.WorkingGroups.WorkingGroupState")]
public sealed class WorkingGroupState
{
    [Id(0)] public string Title { get; set; } = "";
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
    [Id(2)] public string CreatedBy { get; set; } = "";

    /// <summary>Keyed by normalized e-mail.</summary>
    [Id(3)] public Dictionary<string, WorkingGroupMember> Members { get; set; } = [];
}
