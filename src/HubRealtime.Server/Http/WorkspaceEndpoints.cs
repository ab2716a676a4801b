using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.Workspace;
using static HubRealtime.Server.Http.ApiSupport;

namespace HubRealtime.Server.Http;

/// <summary>The caller's workspace (sidebar and landing page): the workspace grain assembles it with the caller's identity.</summary>
internal static class WorkspaceEndpoints
{
    public static void MapWorkspaceEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me/workspace").AddEndpointFilter(TypedErrors);

        me.MapGet("", async (HttpContext http, IGrainFactory grains) =>
        {
            var caller = CallerOf(http);
            return Results.Ok(await grains.GetGrain<IWorkspaceGrain>(caller.UserId).Get(caller));
        });

        me.MapDelete("/rooms/{roomId}", async (string roomId, HttpContext http, IGrainFactory grains) =>
        {
            var caller = CallerOf(http);
            await grains.GetGrain<IWorkspaceGrain>(caller.UserId).Forget(caller, RoomId.Validate(roomId));
            return Results.NoContent();
        });
    }
}
