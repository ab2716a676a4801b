namespace HubRealtime.Abstractions.Identity;

/// <summary>A member's role in their agency (a user belongs to exactly one agency, hub admins aside).</summary>
[Alias("HubRealtime.Abstractions.Identity.AgencyRole")]
public enum AgencyRole
{
    Member = 0,
    Admin = 1,
}

/// <summary>A member's role in a working group (and, in the meetings stage, in a meeting).</summary>
[Alias("HubRealtime.Abstractions.Identity.GroupRole")]
public enum GroupRole
{
    Participant = 0,
    Facilitator = 1,
    Owner = 2,
}
