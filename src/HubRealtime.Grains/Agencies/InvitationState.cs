using HubRealtime.Abstractions.Agencies;

namespace HubRealtime.Grains.Agencies;

/// <summary>One invitation. The token is never here: the grain key is its hash.</summary>
[GenerateSerializer, Alias("HubRealtime.Grains.Agencies.InvitationState")]
public sealed class InvitationState
{
    [Id(0)] public InvitationInfo? Invitation { get; set; }

    /// <summary>
    /// Set before the account is created and cleared once the invitation is accepted: an invitation
    /// found in this state after a crash finishes its acceptance instead of refusing or duplicating it.
    /// </summary>
    [Id(1)] public bool Accepting { get; set; }
}
