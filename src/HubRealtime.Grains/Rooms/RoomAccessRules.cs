using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Security;

namespace HubRealtime.Grains.Rooms;

/// <summary>Checks a <see cref="RoomAccess"/> before a room stores it, and who it lets in.</summary>
internal static class RoomAccessRules
{
    /// <summary>The owner scope (null: open) and the distinct member ids, or invalid_argument.</summary>
    public static (string? Scope, List<string> Members) Validate(RoomAccess? access)
    {
        if (access?.Members is null)
        {
            throw HubRealtimeException.Invalid("Room access needs an owner scope (or none) and a member list.");
        }
        if (access.OwnerScope is null)
        {
            // An open room with a member list would look restricted and be open: refuse the ambiguity.
            return access.Members.Count == 0
                ? (null, [])
                : throw HubRealtimeException.Invalid("An open room has no member list.");
        }
        if (access.OwnerScope.Length is 0 or > RoomAccess.MaxOwnerScopeLength || access.OwnerScope.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw HubRealtimeException.Invalid($"A room owner scope is 1 to {RoomAccess.MaxOwnerScopeLength} characters without spaces.");
        }
        var members = access.Members.Distinct(StringComparer.Ordinal).ToList();
        if (members.Count > RoomAccess.MaxMembers)
        {
            throw HubRealtimeException.Invalid($"A room has at most {RoomAccess.MaxMembers} members.");
        }
        if (members.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > EmailAddress.MaxLength))
        {
            throw HubRealtimeException.Invalid("Room members are user ids.");
        }
        return (access.OwnerScope, members);
    }

    /// <summary>Forbidden unless the room is open, the caller is listed, or the caller is the system (fan-out, maintenance).</summary>
    public static void Require(string? scope, IReadOnlySet<string> members, Caller caller)
    {
        if (scope is not null && !CallerAuthority.IsSystem(caller) && !members.Contains(caller.UserId) &&
            // Members are listed by normalized e-mail (the user grain key); an edge may pass another casing.
            !(EmailAddress.TryNormalize(caller.UserId, out var email) && members.Contains(email)))
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "This room is open to its members only.");
        }
    }
}
