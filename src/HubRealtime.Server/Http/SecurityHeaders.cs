namespace HubRealtime.Server.Http;

/// <summary>
/// Security headers on every response, static files and error pages included. Added when the response
/// starts, so nothing earlier in the pipeline (the exception handler clears headers) can drop them.
/// The CSP allows no inline script or style: the web client is built to run under it.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=()";

    /// <summary>Call first in the pipeline.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = PermissionsPolicy;
            // API answers and invitation pages carry personal data or secrets: never cache them.
            if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments(InvitationEndpoints.Path))
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
