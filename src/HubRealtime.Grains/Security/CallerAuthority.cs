using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Grains.Security;

/// <summary>
/// How grains decide who a caller is. The edge (hub, HTTP) only says who is calling; what that
/// person may do is read here from the authoritative user grain, so a role change or a deactivation
/// takes effect on the next call, whatever tokens are still around.
/// </summary>
public static class CallerAuthority
{
    public static bool IsSystem(Caller? caller) => caller is not null && caller == Caller.System;

    /// <summary>For grain-to-grain and server-internal operations: anything but <see cref="Caller.System"/> is forbidden.</summary>
    public static void RequireSystem(Caller? caller)
    {
        if (!IsSystem(caller))
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "This operation is internal to the hub.");
        }
    }

    /// <summary>The caller's current profile; unauthenticated for no caller, forbidden for a deactivated or unknown account.</summary>
    public static async Task<UserProfile> RequireActiveUserAsync(IGrainFactory grains, Caller? caller)
    {
        if (caller is null || string.IsNullOrWhiteSpace(caller.UserId) || IsSystem(caller))
        {
            throw new HubRealtimeException(ErrorCodes.Unauthenticated, "The caller is not identified.");
        }
        if (!EmailAddress.TryNormalize(caller.UserId, out var email))
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "The caller has no account.");
        }
        var user = grains.GetGrain<IUserGrain>(email);
        if (!await user.Exists(Caller.System))
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "The caller has no account.");
        }
        var profile = await user.GetProfile(Caller.System);
        return profile.Status == UserStatus.Active
            ? profile
            : throw new HubRealtimeException(ErrorCodes.Forbidden, "The account is deactivated.");
    }

    /// <summary>The caller's profile if they are an active hub admin; forbidden otherwise.</summary>
    public static async Task<UserProfile> RequireHubAdminAsync(IGrainFactory grains, Caller? caller)
    {
        var profile = await RequireActiveUserAsync(grains, caller);
        return profile.IsHubAdmin
            ? profile
            : throw new HubRealtimeException(ErrorCodes.Forbidden, "Only hub administrators may do this.");
    }

    /// <summary>Forbidden unless the caller is a hub admin or an admin of <paramref name="agencyId"/>.</summary>
    public static async Task<UserProfile> RequireAgencyAdminAsync(IGrainFactory grains, Caller? caller, string agencyId)
    {
        var profile = await RequireActiveUserAsync(grains, caller);
        return profile.IsHubAdmin || (profile.AgencyId == agencyId && profile.AgencyRole == AgencyRole.Admin)
            ? profile
            : throw new HubRealtimeException(ErrorCodes.Forbidden, "Only administrators of this agency may do this.");
    }
}
