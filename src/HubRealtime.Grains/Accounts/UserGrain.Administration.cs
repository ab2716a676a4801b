using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Grains.Security;

namespace HubRealtime.Grains.Accounts;

/// <summary>What administrators and other grains change on an account: status, roles, memberships.</summary>
public sealed partial class UserGrain
{
    public async Task SetStatus(Caller caller, UserStatus status)
    {
        AccountInput.Defined(status, "status");
        var actor = await RequireAdminOverAsync(caller);
        if (User.Status == status)
        {
            return;
        }
        User.Status = status;
        var deactivated = status == UserStatus.Deactivated;
        if (deactivated)
        {
            RotateStamp();
        }
        await SaveAsync();
        LogStatusChanged(Email, status, actor.Email);
        if (deactivated)
        {
            await RevokeSessionsAsync();
        }
        await AuditAsync(actor.Email, deactivated ? AuditActions.UserDeactivated : AuditActions.UserReactivated, "", alsoHub: actor.IsHubAdmin);
    }

    public async Task SetAgencyActive(Caller caller, bool active)
    {
        CallerAuthority.RequireSystem(caller);
        RequireRegistered();
        if (User.AgencyId is null)
        {
            throw HubRealtimeException.Invalid("This user belongs to no agency.");
        }
        if (User.AgencyActive == active)
        {
            return;
        }
        User.AgencyActive = active;
        if (!active)
        {
            RotateStamp();
        }
        await SaveAsync();
        LogAgencyActiveChanged(Email, User.AgencyId, active);
        if (!active)
        {
            // The agency grain audits the suspension itself; here the sessions end.
            await RevokeSessionsAsync();
        }
    }

    public async Task SetAgencyRole(Caller caller, AgencyRole role)
    {
        AccountInput.Defined(role, "agency role");
        var actor = await RequireAdminOverAsync(caller);
        if (User.AgencyId is null)
        {
            throw HubRealtimeException.Invalid("This user belongs to no agency.");
        }
        if (User.AgencyRole == role)
        {
            return;
        }
        var previous = User.AgencyRole;
        User.AgencyRole = role;
        await SaveAsync();
        LogRoleChanged(Email, $"agency role {previous} -> {role}", actor.Email);
        await AuditAsync(actor.Email, AuditActions.RoleChanged, $"agency role: {previous} -> {role}", alsoHub: actor.IsHubAdmin);
    }

    public async Task SetHubAdmin(Caller caller, bool isHubAdmin)
    {
        RequireIdentified(caller);
        if (IsSelf(caller))
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "Administrators cannot change their own roles or status.");
        }
        var actor = await CallerAuthority.RequireHubAdminAsync(GrainFactory, caller);
        RequireRegistered();
        if (User.IsHubAdmin == isHubAdmin)
        {
            return;
        }
        User.IsHubAdmin = isHubAdmin;
        await SaveAsync();
        LogRoleChanged(Email, $"hub admin {!isHubAdmin} -> {isHubAdmin}", actor.Email);
        await AuditAsync(actor.Email, AuditActions.RoleChanged, $"hub admin: {!isHubAdmin} -> {isHubAdmin}", alsoHub: true);
    }

    public async Task SetGroupMembership(Caller caller, string groupId, bool member)
    {
        CallerAuthority.RequireSystem(caller);
        AccountInput.GroupId(groupId);
        RequireRegistered();
        var index = User.Groups.BinarySearch(groupId, StringComparer.Ordinal);
        if (member == index >= 0)
        {
            return;
        }
        if (member)
        {
            User.Groups.Insert(~index, groupId);
        }
        else
        {
            User.Groups.RemoveAt(index);
        }
        await SaveAsync();
    }

    public async Task SetLeadRole(Caller caller, string scope, bool lead)
    {
        CallerAuthority.RequireSystem(caller);
        AccountInput.LeadScope(scope);
        RequireRegistered();
        var index = User.LeadScopes.BinarySearch(scope, StringComparer.Ordinal);
        if (lead == index >= 0)
        {
            return;
        }
        if (lead)
        {
            User.LeadScopes.Insert(~index, scope);
        }
        else
        {
            User.LeadScopes.RemoveAt(index);
        }
        await SaveAsync();
    }
}
