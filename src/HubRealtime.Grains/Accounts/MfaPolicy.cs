using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Grains.Accounts;

/// <summary>Who must use a second factor. Computed from the roles each time, so a role change applies at once.</summary>
internal static class MfaPolicy
{
    /// <summary>
    /// Administrators always. Hook: working-group owners/facilitators (and meeting facilitators, next
    /// stage) join here once the user grain learns those roles from the group and meeting grains.
    /// </summary>
    public static bool IsRequired(UserState user) =>
        user.IsHubAdmin || user.AgencyRole == AgencyRole.Admin;
}
