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
        ErrorCodes.InvalidArgument or ErrorCodes.MessageEmpty or ErrorCodes.MessageTooLong => StatusCodes.Status400BadRequest,
        ErrorCodes.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.RoomNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.RoomExists => StatusCodes.Status409Conflict,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
