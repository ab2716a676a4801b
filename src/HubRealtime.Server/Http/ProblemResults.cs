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

    /// <summary>
    /// The code of a ProblemDetails the framework writes itself (status code pages: 404, 405, 415, or an
    /// unbound request), so that every error answer carries one; codes set by the API are kept.
    /// </summary>
    public static void AddFrameworkCode(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Extensions.ContainsKey("code"))
        {
            return;
        }
        var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
        context.ProblemDetails.Extensions["code"] = status switch
        {
            StatusCodes.Status401Unauthorized => ErrorCodes.Unauthenticated,
            StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
            StatusCodes.Status404NotFound => ErrorCodes.NotFound,
            StatusCodes.Status405MethodNotAllowed => ErrorCodes.MethodNotAllowed,
            StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
            StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
            StatusCodes.Status503ServiceUnavailable => ErrorCodes.Unavailable,
            >= 400 and < 500 => ErrorCodes.InvalidArgument,
            _ => ErrorCodes.Internal,
        };
    }

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
        ErrorCodes.NoteLocked => StatusCodes.Status409Conflict,
        // The same change would fit a shorter note: a conflict with the note's state, not a bad request.
        ErrorCodes.NoteTooLarge => StatusCodes.Status409Conflict,
        ErrorCodes.NoteNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.NoteExists => StatusCodes.Status409Conflict,
        ErrorCodes.StaleBase => StatusCodes.Status409Conflict,
        ErrorCodes.MeetingNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.MeetingExists or ErrorCodes.WrongPhase or ErrorCodes.RoomFull => StatusCodes.Status409Conflict,
        ErrorCodes.InvitationExpired => StatusCodes.Status410Gone,
        ErrorCodes.LockedOut => StatusCodes.Status423Locked,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.Unavailable or ErrorCodes.OutcomeUnknown => StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        ErrorCodes.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status500InternalServerError,
    };
}
