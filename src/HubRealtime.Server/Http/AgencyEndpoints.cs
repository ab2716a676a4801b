using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using static HubRealtime.Server.Http.ApiSupport;

namespace HubRealtime.Server.Http;

/// <summary>
/// Agencies, their members and invitations, and user administration. Endpoints only shape requests;
/// the agency, directory and user grains decide who may do what.
/// </summary>
internal static class AgencyEndpoints
{
    public sealed record CreateAgencyRequest(string? AgencyId, string? Name, string? Country, AgencyKind? Kind);

    public sealed record InviteRequest(string? Email, AgencyRole? Role, int? LifetimeDays);

    /// <summary>The answer to an invitation: shown once, the token is not stored anywhere.</summary>
    public sealed record InvitationIssuedResponse(InvitationInfo Invitation, string Token, string AcceptUrl);

    public sealed record UserStatusRequest(UserStatus? Status);

    public sealed record AgencyRoleRequest(AgencyRole? Role);

    public static void MapAgencyEndpoints(this IEndpointRouteBuilder app)
    {
        var agencies = app.MapGroup("/api/agencies").AddEndpointFilter(TypedErrors);

        agencies.MapGet("", async (HttpContext http, IGrainFactory grains) =>
            Results.Ok(await grains.GetGrain<IAgencyDirectoryGrain>(0).List(CallerOf(http))));

        agencies.MapPost("", async (CreateAgencyRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"agencyId\", \"name\", \"country\", \"kind\" }");
            var agencyId = AgencyId.Validate(request.AgencyId);
            var kind = request.Kind ?? throw HubRealtimeException.Invalid("An agency needs a kind: police, prosecution, ministry, internationalOrganization or other.");
            var info = await grains.GetGrain<IAgencyGrain>(agencyId).Create(CallerOf(http), new NewAgency(request.Name ?? "", request.Country ?? "", kind));
            return Results.Created($"/api/agencies/{info.AgencyId}", info);
        });

        agencies.MapGet("/{agencyId}", async (string agencyId, HttpContext http, IGrainFactory grains) =>
            Results.Ok(await Agency(grains, agencyId).GetInfo(CallerOf(http))));

        agencies.MapGet("/{agencyId}/members", async (string agencyId, HttpContext http, IGrainFactory grains) =>
            Results.Ok(await Agency(grains, agencyId).ListMembers(CallerOf(http))));

        agencies.MapPost("/{agencyId}/invitations", async (string agencyId, InviteRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"email\", \"role\", \"lifetimeDays\"? }");
            var role = request.Role ?? throw HubRealtimeException.Invalid("An invitation needs a role: member or admin.");
            TimeSpan? lifetime = request.LifetimeDays switch
            {
                null => null,
                > 0 and <= 366 => TimeSpan.FromDays(request.LifetimeDays.Value),
                _ => throw HubRealtimeException.Invalid($"lifetimeDays is 1 to {AccountLimits.MaxInvitationLifetime.TotalDays}."),
            };
            var issued = await Agency(grains, agencyId).Invite(CallerOf(http), request.Email ?? "", role, lifetime);
            return Results.Created(
                $"/api/agencies/{agencyId}/invitations/{issued.Invitation.InvitationId}",
                new InvitationIssuedResponse(issued.Invitation, issued.Token, "/#/accept/" + issued.Token));
        });

        agencies.MapGet("/{agencyId}/invitations", async (string agencyId, HttpContext http, IGrainFactory grains) =>
            Results.Ok(await Agency(grains, agencyId).ListInvitations(CallerOf(http))));

        agencies.MapDelete("/{agencyId}/invitations/{invitationId}", async (string agencyId, string invitationId, HttpContext http, IGrainFactory grains) =>
        {
            await Agency(grains, agencyId).RevokeInvitation(CallerOf(http), invitationId);
            return Results.NoContent();
        });

        agencies.MapPost("/{agencyId}/deactivate", async (string agencyId, HttpContext http, IGrainFactory grains) =>
        {
            var agency = Agency(grains, agencyId);
            var caller = CallerOf(http);
            await agency.SetActive(caller, false);
            return Results.Ok(await agency.GetInfo(caller));
        });

        agencies.MapPost("/{agencyId}/reactivate", async (string agencyId, HttpContext http, IGrainFactory grains) =>
        {
            var agency = Agency(grains, agencyId);
            var caller = CallerOf(http);
            await agency.SetActive(caller, true);
            return Results.Ok(await agency.GetInfo(caller));
        });

        var users = app.MapGroup("/api/users").AddEndpointFilter(TypedErrors);

        users.MapGet("/{email}", async (string email, HttpContext http, IGrainFactory grains) =>
            Results.Ok(await User(grains, email).GetProfile(CallerOf(http))));

        users.MapPost("/{email}/status", async (string email, UserStatusRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var status = Body(body, "{ \"status\": \"active\" | \"deactivated\" }").Status
                ?? throw HubRealtimeException.Invalid("A status is required: active or deactivated.");
            await User(grains, email).SetStatus(CallerOf(http), status);
            return Results.NoContent();
        });

        users.MapPost("/{email}/agency-role", async (string email, AgencyRoleRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var role = Body(body, "{ \"role\": \"member\" | \"admin\" }").Role
                ?? throw HubRealtimeException.Invalid("A role is required: member or admin.");
            await User(grains, email).SetAgencyRole(CallerOf(http), role);
            return Results.NoContent();
        });
    }

    private static IAgencyGrain Agency(IGrainFactory grains, string agencyId) => grains.GetGrain<IAgencyGrain>(AgencyId.Validate(agencyId));

    private static IUserGrain User(IGrainFactory grains, string email) => grains.GetGrain<IUserGrain>(EmailAddress.Normalize(email));
}
