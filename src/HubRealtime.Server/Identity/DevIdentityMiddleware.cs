using System.Security.Claims;
using System.Text.RegularExpressions;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Server.Identity;

/// <summary>
/// Interim identity until accounts exist: a client names itself with the <c>user</c> and <c>name</c>
/// query parameters on the hub and API paths. Malformed values are refused before the request reaches
/// a hub or endpoint. Replaced by real authentication in the identity stage; everything downstream
/// already consumes a <see cref="ClaimsPrincipal"/>.
/// </summary>
public sealed partial class DevIdentityMiddleware(RequestDelegate next, Microsoft.Extensions.Options.IOptions<HubRealtime.Server.Configuration.HubRealtimeOptions> options)
{
    public const string AuthenticationType = "dev-query";

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserIdPattern();

    public async Task InvokeAsync(HttpContext context)
    {
        // Off by configuration (HubRealtime:Identity:DevQueryIdentity); never overrides a real identity;
        // leaves the sign-in endpoints to themselves.
        if (!options.Value.Identity.DevQueryIdentity || context.User.Identity?.IsAuthenticated == true
            || context.Request.Path.StartsWithSegments("/api/auth")
            || (!context.Request.Path.StartsWithSegments("/hubs") && !context.Request.Path.StartsWithSegments("/api")))
        {
            await next(context);
            return;
        }
        var user = context.Request.Query["user"].ToString();
        var name = context.Request.Query["name"].ToString().Trim();
        if (!UserIdPattern().IsMatch(user) || name.Length is 0 or > ChatLimits.MaxDisplayNameLength || name.Any(char.IsControl))
        {
            await Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Identify yourself",
                detail: "Pass 'user' (1-64 characters: letters, digits, '.', '_', '@', '-') and 'name' (1-80 characters) in the query string.",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.Unauthenticated }).ExecuteAsync(context);
            return;
        }
        context.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user), new Claim(ClaimTypes.Name, name)], AuthenticationType));
        await next(context);
    }
}
