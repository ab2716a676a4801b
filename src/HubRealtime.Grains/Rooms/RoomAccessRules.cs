using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Security;

namespace HubRealtime.Grains.Rooms;

/// <summary>Checks a <see cref="RoomAccess"/> before a room stores it, and who it lets in.</summary>
internal static class RoomAccessRules
{
    /// <summary>The owner scope (null: open), the distinct member ids and the distinct moderator ids, or invalid_argument.</summary>
    public static (string? Scope, List<string> Members, List<string> Moderators) Validate(RoomAccess? access)
    {
        if (access?.Members is null)
        {
            throw HubRealtimeException.Invalid("Room access needs an owner scope (or none) and a member list.");
        }
        var moderators = UserIds(access.Moderators ?? [], RoomAccess.MaxModerators, "moderators");
        if (access.OwnerScope is null)
        {
            // An open room with a member list would look restricted and be open: refuse the ambiguity.
            return access.Members.Count == 0
                ? (null, [], moderators)
                : throw HubRealtimeException.Invalid("An open room has no member list.");
        }
        if (access.OwnerScope.Length is 0 or > RoomAccess.MaxOwnerScopeLength || access.OwnerScope.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw HubRealtimeException.Invalid($"A room owner scope is 1 to {RoomAccess.MaxOwnerScopeLength} characters without spaces.");
        }
        return (access.OwnerScope, UserIds(access.Members, RoomAccess.MaxMembers, "members"), moderators);
    }

    private static List<string> UserIds(IReadOnlyList<string> ids, int max, string what)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > max)
        {
            throw HubRealtimeException.Invalid($"A room has at most {max} {what}.");
        }
        if (distinct.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > EmailAddress.MaxLength))
        {
            throw HubRealtimeException.Invalid($"Room {what} are user ids.");
        }
        return distinct;
    }

    /// <summary>Whether <paramref name="userId"/> is in <paramref name="users"/>, under their id or its normalized e-mail.</summary>
    public static bool Contains(IReadOnlySet<string> users, string userId) =>
        users.Contains(userId) ||
        // Users are listed by normalized e-mail (the user grain key); an edge may pass another casing.
        (EmailAddress.TryNormalize(userId, out var email) && users.Contains(email));

    /// <summary>
    /// Forbidden unless the room is open, the caller is listed as member or moderator, or the caller is
    /// the system (fan-out, maintenance).
    /// </summary>
    public static void Require(string? scope, IReadOnlySet<string> members, IReadOnlySet<string> moderators, Caller caller)
    {
        if (scope is not null && !CallerAuthority.IsSystem(caller) && !Contains(members, caller.UserId) && !Contains(moderators, caller.UserId))
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "This room is open to its members only.");
        }
    }
}
