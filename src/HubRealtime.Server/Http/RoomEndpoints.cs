using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Server.Identity;

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
            if (body is null)
            {
                throw HubRealtimeException.Invalid("Send a JSON body { \"roomId\": ..., \"title\": ... }.");
            }
            var roomId = RoomId.Validate(body.RoomId);
            var info = await grains.GetGrain<IRoomGrain>(roomId).Create(CallerOf(http), body.Title ?? "");
            return Results.Created($"/api/rooms/{info.RoomId}", info);
        });

        rooms.MapGet("/{roomId}", async (string roomId, HttpContext http, IGrainFactory grains) =>
            Results.Ok(await grains.GetGrain<IRoomGrain>(RoomId.Validate(roomId)).GetInfo(CallerOf(http))));
    }

    private static Caller CallerOf(HttpContext http) =>
        CallerIdentity.FromPrincipal(http.User)
        ?? throw new HubRealtimeException(ErrorCodes.Unauthenticated, "The request is not identified.");

    private static async ValueTask<object?> TypedErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
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
    }
}
