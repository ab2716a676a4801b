using System.Security.Claims;
using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Server.Identity;

/// <summary>Turns the authenticated principal of a request or hub connection into the <see cref="Caller"/> grains check.</summary>
public static class CallerIdentity
{
    public static Caller? FromPrincipal(ClaimsPrincipal? principal)
    {
        var userId = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var name = principal?.FindFirstValue(ClaimTypes.Name);
        return principal?.Identity?.IsAuthenticated == true && !string.IsNullOrEmpty(userId) && !string.IsNullOrEmpty(name)
            ? new Caller(userId, name)
            : null;
    }
}
