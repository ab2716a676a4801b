using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.WorkingGroups;
using static HubRealtime.Server.Http.ApiSupport;

namespace HubRealtime.Server.Http;

/// <summary>Working groups: create, read, membership. The working group grain decides every call.</summary>
internal static class WorkingGroupEndpoints
{
    public sealed record CreateGroupRequest(string? GroupId, string? Title);

    public sealed record AddMemberRequest(string? Email, GroupRole? Role);

    public static void MapWorkingGroupEndpoints(this IEndpointRouteBuilder app)
    {
        var groups = app.MapGroup("/api/groups").AddEndpointFilter(TypedErrors);

        groups.MapPost("", async (CreateGroupRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"groupId\", \"title\" }");
            var info = await Group(grains, request.GroupId).Create(CallerOf(http), request.Title ?? "");
            return Results.Created($"/api/groups/{info.GroupId}", info);
        });

        // Literal segments win over parameters, so "mine" is never taken for a group id.
        groups.MapGet("/mine", async (HttpContext http, IGrainFactory grains) =>
        {
            var caller = CallerOf(http);
            if (!EmailAddress.TryNormalize(caller.UserId, out var email))
            {
                throw new HubRealtimeException(ErrorCodes.Forbidden, "The caller has no account.");
            }
            var ids = await grains.GetGrain<IUserGrain>(email).ListGroups(caller);
            var infos = await Task.WhenAll(ids.Select(id => InfoOrNull(grains.GetGrain<IWorkingGroupGrain>(id), caller)));
            return Results.Ok(infos.OfType<WorkingGroupInfo>().OrderBy(g => g.Title, StringComparer.OrdinalIgnoreCase).ToList());
        });

        groups.MapGet("/{groupId}", async (string groupId, HttpContext http, IGrainFactory grains) =>
            Results.Ok(await Group(grains, groupId).GetInfo(CallerOf(http))));

        groups.MapGet("/{groupId}/members", async (string groupId, HttpContext http, IGrainFactory grains) =>
            Results.Ok(await Group(grains, groupId).ListMembers(CallerOf(http))));

        groups.MapPost("/{groupId}/members", async (string groupId, AddMemberRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"email\", \"role\" }");
            var role = request.Role ?? throw HubRealtimeException.Invalid("A role is required: participant, facilitator or owner.");
            await Group(grains, groupId).AddMember(CallerOf(http), request.Email ?? "", role);
            return Results.NoContent();
        });

        groups.MapDelete("/{groupId}/members/{email}", async (string groupId, string email, HttpContext http, IGrainFactory grains) =>
        {
            await Group(grains, groupId).RemoveMember(CallerOf(http), email);
            return Results.NoContent();
        });

        groups.MapPost("/{groupId}/leave", async (string groupId, HttpContext http, IGrainFactory grains) =>
        {
            await Group(grains, groupId).Leave(CallerOf(http));
            return Results.NoContent();
        });
    }

    /// <summary>The group's id checked at the edge too, so a malformed key never activates a grain.</summary>
    private static IWorkingGroupGrain Group(IGrainFactory grains, string? groupId) =>
        RoomId.IsValid(groupId) && RoomId.IsValid("wg-" + groupId)
            ? grains.GetGrain<IWorkingGroupGrain>(groupId!)
            : throw HubRealtimeException.Invalid($"A working group id is 1 to {RoomId.MaxLength - 3} characters: lower-case letters, digits and inner hyphens.");

    /// <summary>A group the caller just left (or that refuses them) drops out of "mine" instead of failing the list.</summary>
    private static async Task<WorkingGroupInfo?> InfoOrNull(IWorkingGroupGrain group, Caller caller)
    {
        try
        {
            return await group.GetInfo(caller);
        }
        catch (HubRealtimeException error) when (error.Code is ErrorCodes.Forbidden or ErrorCodes.NotAMember or ErrorCodes.GroupNotFound)
        {
            return null;
        }
    }
}
