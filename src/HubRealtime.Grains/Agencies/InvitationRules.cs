using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Errors;

namespace HubRealtime.Grains.Agencies;

/// <summary>The typed errors for an invitation that can no longer be used, shared by the agency and invitation grains.</summary>
internal static class InvitationRules
{
    /// <summary>Same code and message for an unknown invitation and a wrong token: a guess learns nothing.</summary>
    public static HubRealtimeException Invalid() =>
        new(ErrorCodes.InvitationInvalid, "This invitation link is not valid. Ask your agency administrator for a new one.");

    public static void RequirePending(InvitationStatus status)
    {
        switch (status)
        {
            case InvitationStatus.Pending:
                return;
            case InvitationStatus.Accepted:
                throw new HubRealtimeException(ErrorCodes.InvitationUsed, "This invitation has already been accepted; sign in instead.");
            case InvitationStatus.Revoked:
                throw new HubRealtimeException(ErrorCodes.InvitationRevoked, "This invitation was revoked. Ask your agency administrator for a new one.");
            default:
                throw new HubRealtimeException(ErrorCodes.InvitationExpired, "This invitation has expired. Ask your agency administrator for a new one.");
        }
    }
}
