using HubRealtime.Abstractions.Errors;
using HubRealtime.Server.Configuration;
using HubRealtime.Server.Http;
using Microsoft.Extensions.Options;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// Cross-site WebSocket hijacking guard: a browser always sends its page's Origin, and browsers do not
/// apply CORS to WebSockets, so the hub refuses any Origin other than this server's own or one listed in
/// <c>HubRealtime:AllowedOrigins</c>. Clients that send no Origin (the .NET client, tools) are not
/// browsers and carry no ambient cookie. The SameSite=Strict session cookie is the first line; this is
/// the second.
/// </summary>
internal sealed class HubOriginCheck(RequestDelegate next, IOptions<HubRealtimeOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/hubs")
            && context.Request.Headers.Origin.ToString() is { Length: > 0 } origin
            && !IsAllowed(origin, context.Request))
        {
            await ProblemResults.Problem(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "This page's origin may not open a hub connection.").ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private bool IsAllowed(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }
        var own = $"{request.Scheme}://{request.Host}";
        var normalized = uri.GetLeftPart(UriPartial.Authority);
        return string.Equals(normalized, own, StringComparison.OrdinalIgnoreCase)
            || options.Value.AllowedOrigins.Any(allowed => string.Equals(allowed.TrimEnd('/'), normalized, StringComparison.OrdinalIgnoreCase));
    }
}
