using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Grains.Security;

namespace HubRealtime.Grains.Accounts;

/// <summary>Who may call what on this account (issue 3 §4): decided here, whatever the edge checked.</summary>
public sealed partial class UserGrain
{
    private static void RequireIdentified(Caller? caller)
    {
        if (caller is null || string.IsNullOrWhiteSpace(caller.UserId))
        {
            throw new HubRealtimeException(ErrorCodes.Unauthenticated, "The caller is not identified.");
        }
        if (CallerAuthority.IsSystem(caller))
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "This operation needs a user, not the system.");
        }
    }

    private bool IsSelf(Caller caller) => EmailAddress.TryNormalize(caller.UserId, out var email) && email == Email;

    /// <summary>The caller is this account, and it is active.</summary>
    private void RequireSelf(Caller? caller)
    {
        RequireIdentified(caller);
        if (!IsSelf(caller!))
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "Only the account holder may do this.");
        }
        if (!Registered)
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "The caller has no account.");
        }
        if (!User.IsActive)
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "The account is deactivated.");
        }
    }

    /// <summary>An active hub admin, or an active admin of this user's agency; never the user themselves. Returns the actor.</summary>
    private Task<UserProfile> RequireAdminOverAsync(Caller? caller) => RequireSelfOrAdminAsync(caller, allowSelf: false);

    private async Task<UserProfile> RequireSelfOrAdminAsync(Caller? caller, bool allowSelf)
    {
        RequireIdentified(caller);
        if (IsSelf(caller!))
        {
            if (!allowSelf)
            {
                throw new HubRealtimeException(ErrorCodes.Forbidden, "Administrators cannot change their own roles or status.");
            }
            RequireSelf(caller);
            return Profile();
        }
        // Never ask our own grain (the self case is above): that call would wait for this one.
        var actor = await CallerAuthority.RequireActiveUserAsync(GrainFactory, caller);
        if (actor.IsHubAdmin)
        {
            RequireRegistered();
            return actor;
        }
        // Agency admins manage their own agency's members, never a hub admin. Unknown accounts look
        // the same as other agencies' members, so nobody learns which addresses have accounts.
        if (actor.AgencyRole == AgencyRole.Admin && actor.AgencyId is not null &&
            Registered && User.AgencyId == actor.AgencyId && !User.IsHubAdmin)
        {
            return actor;
        }
        throw new HubRealtimeException(ErrorCodes.Forbidden, "Only a hub administrator or an administrator of this user's agency may do this.");
    }
}
