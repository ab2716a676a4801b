using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using static HubRealtime.Server.Http.ApiSupport;

namespace HubRealtime.Server.Http;

/// <summary>
/// Anonymous by design: the invitee has no account yet and proves nothing but possession of the token.
/// Served under /public (outside /api and /hubs, which require an identity); rate limited per IP. A
/// malformed token answers exactly like an unknown one (404 invitation_invalid).
/// </summary>
internal static class InvitationEndpoints
{
    public const string Path = "/public/invitations";

    public sealed record AcceptRequest(string? DisplayName, string? Password);

    /// <summary>What the acceptance page shows: no token, no inviter, no internal id.</summary>
    public sealed record InvitationView(string AgencyId, string Email, AgencyRole Role, InvitationStatus Status, DateTimeOffset ExpiresAt);

    public static void MapInvitationEndpoints(this IEndpointRouteBuilder app)
    {
        var invitations = app.MapGroup(Path)
            .AddEndpointFilter(TypedErrors)
            .RequireRateLimiting(RateLimits.InvitationPolicy);

        invitations.MapGet("/{token}", async (string token, IGrainFactory grains) =>
            Results.Ok(View(await Invitation(grains, token).Get())));

        invitations.MapPost("/{token}/accept", async (string token, AcceptRequest? body, IGrainFactory grains) =>
        {
            var invitation = Invitation(grains, token);
            var request = Body(body, "{ \"displayName\", \"password\" }");
            return Results.Ok(View(await invitation.Accept(new InvitationAcceptance(request.DisplayName ?? "", request.Password ?? ""))));
        });
    }

    private static IInvitationGrain Invitation(IGrainFactory grains, string token) =>
        InvitationToken.TryGetId(token, out var id)
            ? grains.GetGrain<IInvitationGrain>(id)
            : throw new HubRealtimeException(ErrorCodes.InvitationInvalid, "This invitation link is not valid. Ask your agency administrator for a new one.");

    private static InvitationView View(InvitationInfo invitation) =>
        new(invitation.AgencyId, invitation.Email, invitation.Role, invitation.Status, invitation.ExpiresAt);
}
