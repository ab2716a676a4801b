using HubRealtime.Abstractions.Errors;

namespace HubRealtime.Server.Http;

/// <summary>Maps typed errors to ProblemDetails with the stable code as the "code" extension.</summary>
internal static class ProblemResults
{
    public static IResult From(HubRealtimeException error) => Problem(StatusFor(error.Code), error.Code, error.Message);

    public static IResult Problem(int status, string code, string detail) => Results.Problem(
        statusCode: status,
        detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = code });

    private static int StatusFor(string code) => code switch
    {
        ErrorCodes.InvalidArgument or ErrorCodes.MessageEmpty or ErrorCodes.MessageTooLong
            or ErrorCodes.PasswordPolicy or ErrorCodes.InvalidCredentials => StatusCodes.Status400BadRequest,
        ErrorCodes.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden or ErrorCodes.NotInRoom => StatusCodes.Status403Forbidden,
        ErrorCodes.RoomNotFound or ErrorCodes.UserNotFound or ErrorCodes.AgencyNotFound or ErrorCodes.GroupNotFound
            or ErrorCodes.InvitationInvalid or ErrorCodes.NotAMember => StatusCodes.Status404NotFound,
        ErrorCodes.RoomExists or ErrorCodes.AccountExists or ErrorCodes.AgencyExists or ErrorCodes.GroupExists
            or ErrorCodes.AgencyInactive or ErrorCodes.InvitationUsed or ErrorCodes.InvitationRevoked
            or ErrorCodes.LastOwner => StatusCodes.Status409Conflict,
        ErrorCodes.MessageNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.Muted => StatusCodes.Status403Forbidden,
        ErrorCodes.RoomClosed => StatusCodes.Status409Conflict,
        ErrorCodes.MeetingNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.MeetingExists or ErrorCodes.WrongPhase or ErrorCodes.RoomFull => StatusCodes.Status409Conflict,
        ErrorCodes.InvitationExpired => StatusCodes.Status410Gone,
        ErrorCodes.LockedOut => StatusCodes.Status423Locked,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.Unavailable or ErrorCodes.OutcomeUnknown => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
