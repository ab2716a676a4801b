using HubRealtime.Abstractions.Rooms;
using static HubRealtime.Server.Http.ApiSupport;

namespace HubRealtime.Server.Http;

/// <summary>HTTP API for rooms. Like the hub, it only shapes requests; the room grain decides.</summary>
internal static class RoomEndpoints
{
    public sealed record CreateRoomRequest(string? RoomId, string? Title);

    public static void MapRoomEndpoints(this IEndpointRouteBuilder app)
    {
        var rooms = app.MapGroup("/api/rooms").AddEndpointFilter(TypedErrors);

        rooms.MapPost("", async (CreateRoomRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"roomId\": ..., \"title\": ... }");
            var roomId = RoomId.Validate(request.RoomId);
            var info = await grains.GetGrain<IRoomGrain>(roomId).Create(CallerOf(http), request.Title ?? "");
            return Results.Created($"/api/rooms/{info.RoomId}", info);
        });

        rooms.MapGet("/{roomId}", async (string roomId, HttpContext http, IGrainFactory grains) =>
            Results.Ok(await grains.GetGrain<IRoomGrain>(RoomId.Validate(roomId)).GetInfo(CallerOf(http))));
    }
}
