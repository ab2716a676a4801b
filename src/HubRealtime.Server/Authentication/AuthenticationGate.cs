using HubRealtime.Abstractions.Errors;
using HubRealtime.Server.Configuration;
using HubRealtime.Server.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace HubRealtime.Server.Authentication;

/// <summary>
/// Runs after authentication on the hub and API paths:
/// <list type="bullet">
/// <item>a bearer credential that failed, or no identity at all once the dev query identity is off → 401 unauthenticated;</item>
/// <item>a restricted session (password change or MFA enrolment pending) reaches only the account endpoints → 403;</item>
/// <item>a cookie-authenticated state-changing API request, and the anonymous sign-in steps, must carry a valid
/// <c>X-XSRF-TOKEN</c> header → else 400 antiforgery. Bearer requests carry no ambient credential and are exempt.</item>
/// </list>
/// </summary>
public sealed class AuthenticationGate(RequestDelegate next, IAntiforgery antiforgery, IOptions<HubRealtimeOptions> options)
{
    public const string AuthPath = "/api/auth";

    /// <summary>
    /// Reachable anonymously (the endpoints themselves decide what they need). Nothing else under /api or
    /// /hubs is: signing out needs a session (one that has already ended answers 401, and its cookie is dropped).
    /// </summary>
    private static readonly string[] AnonymousPaths =
        ["/api/auth/antiforgery", "/api/auth/sign-in", "/api/auth/second-factor", "/api/auth/token"];

    /// <summary>Anonymous, yet protected against login CSRF.</summary>
    private static readonly string[] AntiforgeryAnonymousPaths = ["/api/auth/sign-in", "/api/auth/second-factor"];

    /// <summary>What a restricted session may still do.</summary>
    private static readonly string[] RestrictedAllowedPaths =
        ["/api/auth/antiforgery", "/api/auth/me", "/api/auth/password", "/api/auth/mfa", "/api/auth/sign-out", "/api/auth/sign-out-everywhere"];

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var isApi = path.StartsWithSegments("/api");
        if (!isApi && !path.StartsWithSegments("/hubs"))
        {
            await next(context);
            return;
        }

        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            var anonymousAllowed = AnonymousPaths.Any(p => path.StartsWithSegments(p));
            var mustAuthenticate = !anonymousAllowed
                && (HubRealtime.Server.Hosting.AuthenticationSetup.HasBearerCredential(context.Request) || !options.Value.Identity.DevQueryIdentity || path.StartsWithSegments(AuthPath));
            if (mustAuthenticate)
            {
                await ProblemResults.Problem(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, "Sign in, or send a valid bearer token.").ExecuteAsync(context);
                return;
            }
            if (anonymousAllowed && IsStateChanging(context.Request.Method) && AntiforgeryAnonymousPaths.Any(p => path.StartsWithSegments(p))
                && !await antiforgery.IsRequestValidAsync(context))
            {
                await AntiforgeryFailed(context);
                return;
            }
            await next(context);
            return;
        }

        if (!RestrictedAllowedPaths.Any(p => path.StartsWithSegments(p)))
        {
            if (user.HasClaim(c => c.Type == AuthConstants.MustChangePasswordClaim))
            {
                await ProblemResults.Problem(StatusCodes.Status403Forbidden, AuthConstants.CodePasswordChangeRequired, "Change your password first (POST /api/auth/password).").ExecuteAsync(context);
                return;
            }
            if (user.HasClaim(c => c.Type == AuthConstants.MfaEnrolmentRequiredClaim))
            {
                await ProblemResults.Problem(StatusCodes.Status403Forbidden, AuthConstants.CodeMfaEnrolmentRequired, "Set up two-factor sign-in first (POST /api/auth/mfa/begin).").ExecuteAsync(context);
                return;
            }
        }

        if (isApi && IsStateChanging(context.Request.Method) && user.Identity.AuthenticationType == AuthConstants.CookieScheme
            && !await antiforgery.IsRequestValidAsync(context))
        {
            await AntiforgeryFailed(context);
            return;
        }
        await next(context);
    }

    private static bool IsStateChanging(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    private static Task AntiforgeryFailed(HttpContext context) =>
        ProblemResults.Problem(StatusCodes.Status400BadRequest, AuthConstants.CodeAntiforgery,
            $"Send the token from GET /api/auth/antiforgery in the {AuthConstants.AntiforgeryHeader} header.").ExecuteAsync(context);
}
