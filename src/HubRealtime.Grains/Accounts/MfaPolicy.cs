using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Grains.Accounts;

/// <summary>Who must use a second factor. Computed from the roles each time, so a role change applies at once.</summary>
internal static class MfaPolicy
{
    /// <summary>
    /// Administrators, and whoever leads something (owner or facilitator of a working group; meeting
    /// facilitators join through the same lead scopes): they can add people, moderate and export.
    /// </summary>
    public static bool IsRequired(UserState user) =>
        user.IsHubAdmin || user.AgencyRole == AgencyRole.Admin || user.LeadScopes.Count > 0;
}
