using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using static HubRealtime.Server.Http.ApiSupport;

namespace HubRealtime.Server.Http;

/// <summary>
/// Audit chains for auditors: read a page, verify the whole chain. The scope ("hub", "agency:&lt;id&gt;",
/// "group:&lt;id&gt;") is one URL-encoded path segment; the audit grain checks its shape and the caller's right.
/// </summary>
internal static class AuditEndpoints
{
    public const int DefaultPageSize = 50;
    private const int MaxScopeLength = 80;

    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").AddEndpointFilter(TypedErrors);

        audit.MapGet("/{scope}", async (string scope, long? afterSeq, int? limit, HttpContext http, IGrainFactory grains) =>
        {
            var after = afterSeq ?? 0;
            if (after < 0)
            {
                throw HubRealtimeException.Invalid("afterSeq is 0 or more.");
            }
            return Results.Ok(await Log(grains, scope).Read(CallerOf(http), after, limit ?? DefaultPageSize));
        });

        audit.MapGet("/{scope}/verify", async (string scope, HttpContext http, IGrainFactory grains) =>
            Results.Ok(await Log(grains, scope).Verify(CallerOf(http))));
    }

    private static IAuditLogGrain Log(IGrainFactory grains, string scope) =>
        scope.Length is > 0 and <= MaxScopeLength
            ? grains.GetGrain<IAuditLogGrain>(scope)
            : throw HubRealtimeException.Invalid("An audit scope is \"hub\", \"agency:<id>\" or \"group:<id>\".");
}
