using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Server.Identity;

namespace HubRealtime.Server.Http;

/// <summary>What the identity-stage endpoints share: the caller, typed errors, request checks and the JSON shape of enums.</summary>
internal static partial class ApiSupport
{
    /// <summary>Enums travel as camelCase strings ("police", "admin", "pending"); numbers are refused.</summary>
    public static IServiceCollection AddHubRealtimeApi(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => RoomEventJson.Configure(options.SerializerOptions));

    public static Caller CallerOf(HttpContext http) =>
        CallerIdentity.FromPrincipal(http.User)
        ?? throw new HubRealtimeException(ErrorCodes.Unauthenticated, "The request is not identified.");

    /// <summary>The body, or invalid_argument naming the expected shape.</summary>
    public static T Body<T>(T? body, string shape) where T : class =>
        body ?? throw HubRealtimeException.Invalid($"Send a JSON body {shape}.");

    /// <summary>
    /// Endpoint filter: typed grain errors become ProblemDetails with their code; timeouts and cluster
    /// errors become 503 unavailable; anything else goes to the exception handler (500, no details).
    /// </summary>
    public static async ValueTask<object?> TypedErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (HubRealtimeException error)
        {
            return ProblemResults.From(error);
        }
        catch (BadHttpRequestException error)
        {
            return ProblemResults.Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidArgument, error.Message);
        }
        catch (Exception error) when (error is TimeoutException or OrleansException)
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("HubRealtime.Server.Http");
            LogUnavailable(logger, error, context.HttpContext.Request.Path.Value ?? "");
            return ProblemResults.Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "The service is busy or restarting; try again.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Path} failed: the cluster or storage is unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception error, string path);
}
