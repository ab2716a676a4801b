using System.Security.Claims;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Server.Authentication;
using HubRealtime.Server.Configuration;
using HubRealtime.Server.Realtime;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace HubRealtime.Server.Hosting;

/// <summary>
/// The authentication edge: a session cookie for browsers, short-lived bearer tokens for API and .NET
/// clients, both anchored to the user grain's security stamp, plus antiforgery, session restrictions,
/// the first administrator and the revocation of live connections.
/// </summary>
public static class AuthenticationSetup
{
    public static void AddHubRealtimeAuthentication(this WebApplicationBuilder builder)
    {
        var identity = builder.Configuration.GetSection(HubRealtimeOptions.Section).Get<HubRealtimeOptions>()?.Identity ?? new IdentitySettings();
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<HubRealtimeOptions>, IdentitySettingsValidator>();
        services.AddSingleton<JwtSigningKey>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<SessionRevocationObserver>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionRevocationObserver>());
        services.AddHostedService<AdminBootstrap>();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AuthConstants.AntiforgeryHeader;
            o.Cookie.Name = AuthConstants.AntiforgeryCookie;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        var external = identity.ExternalAuthority;
        var authentication = services.AddAuthentication(AuthConstants.PolicyScheme)
            .AddPolicyScheme(AuthConstants.PolicyScheme, "Cookie or bearer", o => o.ForwardDefaultSelector = http =>
                !HasBearerCredential(http.Request) ? AuthConstants.CookieScheme
                : ExternalAuthority.IsEnabled(external) && ExternalAuthority.IsFrom(external, BearerToken(http.Request)) ? ExternalAuthority.Scheme
                : AuthConstants.BearerScheme)
            .AddCookie(AuthConstants.CookieScheme, o =>
            {
                o.Cookie.Name = AuthConstants.SessionCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/";
                o.ExpireTimeSpan = TimeSpan.FromMinutes(identity.IdleTimeoutMinutes);
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = ValidateCookieAsync,
                    // An API answers, it does not redirect.
                    OnRedirectToLogin = c => WriteStatusAsync(c.HttpContext, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = c => WriteStatusAsync(c.HttpContext, StatusCodes.Status403Forbidden),
                };
            })
            .AddJwtBearer(AuthConstants.BearerScheme, o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = AuthConstants.Issuer,
                    ValidAudience = AuthConstants.Audience,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "name",
                };
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ReadHubQueryToken,
                    OnTokenValidated = ValidateTokenAsync,
                };
            });
        if (ExternalAuthority.IsEnabled(external))
        {
            authentication.AddExternalAuthority(external);
        }
        services.AddOptions<JwtBearerOptions>(AuthConstants.BearerScheme)
            .Configure<JwtSigningKey>((o, key) => o.TokenValidationParameters.IssuerSigningKey = key.Key);
        services.AddAuthorization();
    }

    /// <summary>Authentication, then the edge's gate (401/403/antiforgery), then authorization; maps /api/auth.</summary>
    public static void UseHubRealtimeAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<AuthenticationGate>();
        app.UseAuthorization();
        app.MapAuthEndpoints();
    }

    /// <summary>
    /// The query string carries a token only where a browser cannot send a header: the hub's own path
    /// (WebSockets, server-sent events).
    /// </summary>
    internal static Task ReadHubQueryToken(MessageReceivedContext context)
    {
        var token = context.Request.Query["access_token"].ToString();
        if (!string.IsNullOrEmpty(token) && context.Request.Path.StartsWithSegments(RoomHub.Path) && string.IsNullOrEmpty(context.Request.Headers.Authorization))
        {
            context.Token = token;
        }
        return Task.CompletedTask;
    }

    /// <summary>The bearer token of a request: its Authorization header, or the hub path's access_token query.</summary>
    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : request.Query["access_token"].ToString();
    }

    /// <summary>An Authorization header, or an access_token query on the hub path.</summary>
    internal static bool HasBearerCredential(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || (request.Path.StartsWithSegments(RoomHub.Path) && !string.IsNullOrEmpty(request.Query["access_token"].ToString()));

    private static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var session = await SessionOf(context.HttpContext, context.Principal);
        if (session is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AuthConstants.CookieScheme);
            return;
        }
        context.ReplacePrincipal(AuthConstants.Principal(session, AuthConstants.CookieScheme));
    }

    private static async Task ValidateTokenAsync(TokenValidatedContext context)
    {
        var session = await SessionOf(context.HttpContext, context.Principal);
        if (session is null)
        {
            context.Fail("The session of this token has ended.");
            return;
        }
        context.Principal = AuthConstants.Principal(session, AuthConstants.BearerScheme);
    }

    /// <summary>The current session for a principal's user and stamp, or null when it has ended.</summary>
    private static async Task<SessionInfo?> SessionOf(HttpContext http, ClaimsPrincipal? principal)
    {
        var user = principal?.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal?.FindFirstValue("sub");
        var stamp = principal?.FindFirstValue(AuthConstants.StampClaim);
        if (!EmailAddress.TryNormalize(user, out var email) || string.IsNullOrEmpty(stamp))
        {
            return null;
        }
        var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
        return await grains.GetGrain<IUserGrain>(email).ValidateSession(stamp);
    }

    private static Task WriteStatusAsync(HttpContext http, int status)
    {
        http.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
