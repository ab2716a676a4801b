using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using static HubRealtime.Server.Http.ApiSupport;

namespace HubRealtime.Server.Http;

/// <summary>Meetings, sessions and breakout rounds. Only shapes requests: the meeting grain decides every call.</summary>
internal static class MeetingEndpoints
{
    public sealed record SessionRequest(string? SessionId, string? Title);

    public sealed record CreateMeetingRequest(
        string? MeetingId, string? Title, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? TimeZone,
        List<SessionRequest?>? Sessions, List<string>? Facilitators, List<string>? Participants, List<string>? Agencies, List<string>? Groups,
        int? RetentionDays = null);

    public sealed record DraftRequest(List<string>? Names);

    public sealed record PlacementRequest(string? Email, string? RoomId);

    public sealed record AssignRequest(AssignmentMode? Mode, List<PlacementRequest?>? Assignments, int? Cap, string? Csv);

    public sealed record OpenRequest(int? DurationMinutes, List<int>? WarningMinutes, string? NoteTemplate = null);

    public sealed record ExtendRequest(int? Minutes);

    public sealed record MoveRequest(string? Email, string? RoomId);

    public sealed record ChooseRequest(string? RoomId);

    public sealed record TextRequest(string? Text);

    public sealed record PeopleRequest(List<string>? Participants, List<string>? Facilitators, List<string>? Agencies, List<string>? Groups);

    public static void MapMeetingEndpoints(this IEndpointRouteBuilder app)
    {
        var meetings = app.MapGroup("/api/meetings").AddEndpointFilter(TypedErrors);

        meetings.MapPost("", async (CreateMeetingRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"meetingId\", \"title\", \"startsAt\", \"endsAt\", \"timeZone\", \"sessions\": [{ \"sessionId\", \"title\" }], \"facilitators\", \"participants\", \"agencies\", \"groups\" }");
            var meeting = new NewMeeting(
                request.Title ?? "",
                request.StartsAt ?? throw HubRealtimeException.Invalid("startsAt is required (ISO 8601 with offset)."),
                request.EndsAt ?? throw HubRealtimeException.Invalid("endsAt is required (ISO 8601 with offset)."),
                request.TimeZone ?? "",
                [.. (request.Sessions ?? []).Select(s => new NewSession(s?.SessionId ?? "", s?.Title ?? ""))],
                Strings(request.Facilitators), Strings(request.Participants), Strings(request.Agencies), Strings(request.Groups),
                request.RetentionDays);
            var view = await Meeting(grains, request.MeetingId).Create(CallerOf(http), meeting);
            return Results.Created($"/api/meetings/{view.MeetingId}", view);
        });

        // Literal segments win over parameters, so "mine" is never taken for a meeting id.
        meetings.MapGet("/mine", async (HttpContext http, IGrainFactory grains) =>
        {
            var caller = CallerOf(http);
            if (!EmailAddress.TryNormalize(caller.UserId, out var email))
            {
                throw new HubRealtimeException(ErrorCodes.Forbidden, "The caller has no account.");
            }
            var ids = await grains.GetGrain<IMeetingMembershipGrain>(email).List(caller);
            var summaries = await Task.WhenAll(ids.Select(id => SummaryOrNull(grains.GetGrain<IMeetingGrain>(id), caller)));
            return Results.Ok(summaries.OfType<MeetingSummary>().OrderBy(m => m.StartsAt).ThenBy(m => m.MeetingId, StringComparer.Ordinal).ToList());
        });

        meetings.MapGet("/{meetingId}", async (string meetingId, HttpContext http, IGrainFactory grains) =>
            Results.Ok(await Meeting(grains, meetingId).Get(CallerOf(http))));

        meetings.MapPost("/{meetingId}/people", async (string meetingId, PeopleRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"participants\"?, \"facilitators\"?, \"agencies\"?, \"groups\"? }");
            var change = new MeetingPeopleChange(Strings(request.Participants), Strings(request.Facilitators), Strings(request.Agencies), Strings(request.Groups));
            return Results.Ok(await Meeting(grains, meetingId).AddPeople(CallerOf(http), change));
        });

        meetings.MapDelete("/{meetingId}/people/{email}", async (string meetingId, string email, HttpContext http, IGrainFactory grains) =>
        {
            await Meeting(grains, meetingId).RemovePerson(CallerOf(http), email);
            return Results.NoContent();
        });

        var session = meetings.MapGroup("/{meetingId}/sessions/{sessionId}");

        session.MapPost("/breakouts/draft", async (string meetingId, string sessionId, DraftRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"names\": [\"room name\", ...] }");
            return Results.Ok(await Meeting(grains, meetingId).DraftBreakouts(CallerOf(http), Session(sessionId), Strings(request.Names)));
        });

        session.MapPost("/breakouts/assign", async (string meetingId, string sessionId, AssignRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"mode\": \"manual\"|\"random\"|\"balanced\"|\"selfSelect\"|\"csv\", \"assignments\"?, \"cap\"?, \"csv\"? }");
            var mode = request.Mode ?? throw HubRealtimeException.Invalid("A mode is required: manual, random, balanced, selfSelect or csv.");
            var placements = request.Assignments?.Select(a => new ManualPlacement(a?.Email ?? "", a?.RoomId ?? "")).ToList();
            return Results.Ok(await Meeting(grains, meetingId).AssignBreakouts(CallerOf(http), Session(sessionId),
                new BreakoutAssignment(mode, placements, request.Cap, request.Csv)));
        });

        session.MapPost("/breakouts/open", async (string meetingId, string sessionId, OpenRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"durationMinutes\": 1-240, \"warningMinutes\": [int], \"noteTemplate\"?: \"text\" }");
            var minutes = request.DurationMinutes ?? throw HubRealtimeException.Invalid("durationMinutes is required (1 to 240).");
            return Results.Ok(await Meeting(grains, meetingId).OpenBreakouts(CallerOf(http), Session(sessionId), minutes, request.WarningMinutes ?? [], request.NoteTemplate));
        });

        session.MapPost("/breakouts/extend", async (string meetingId, string sessionId, ExtendRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"minutes\": 1-120 }");
            var minutes = request.Minutes ?? throw HubRealtimeException.Invalid("minutes is required (1 to 120).");
            return Results.Ok(await Meeting(grains, meetingId).ExtendBreakouts(CallerOf(http), Session(sessionId), minutes));
        });

        session.MapPost("/breakouts/move", async (string meetingId, string sessionId, MoveRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"email\", \"roomId\" }");
            return Results.Ok(await Meeting(grains, meetingId).MoveParticipant(CallerOf(http), Session(sessionId), request.Email ?? "", request.RoomId ?? ""));
        });

        session.MapPost("/breakouts/close", async (string meetingId, string sessionId, HttpContext http, IGrainFactory grains) =>
            Results.Ok(await Meeting(grains, meetingId).CloseBreakouts(CallerOf(http), Session(sessionId))));

        session.MapPost("/breakouts/choose", async (string meetingId, string sessionId, ChooseRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"roomId\" }");
            return Results.Ok(await Meeting(grains, meetingId).ChooseRoom(CallerOf(http), Session(sessionId), request.RoomId ?? ""));
        });

        session.MapPost("/broadcast", async (string meetingId, string sessionId, TextRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"text\": 1-1000 characters }");
            await Meeting(grains, meetingId).Broadcast(CallerOf(http), Session(sessionId), request.Text ?? "");
            return Results.NoContent();
        });

        session.MapPost("/help", async (string meetingId, string sessionId, TextRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var request = Body(body, "{ \"text\": 0-500 characters }");
            await Meeting(grains, meetingId).RequestHelp(CallerOf(http), Session(sessionId), request.Text ?? "");
            return Results.NoContent();
        });
        session.MapPost("/help/{requestId:int}/resolve", async (string meetingId, string sessionId, int requestId, HttpContext http, IGrainFactory grains) =>
        {
            await Meeting(grains, meetingId).ResolveHelp(CallerOf(http), Session(sessionId), requestId);
            return Results.NoContent();
        });
    }

    /// <summary>The meeting id checked at the edge too, so a malformed key never activates a grain.</summary>
    private static IMeetingGrain Meeting(IGrainFactory grains, string? meetingId) =>
        grains.GetGrain<IMeetingGrain>(MeetingIds.ValidateMeetingId(meetingId));

    private static string Session(string? sessionId) => MeetingIds.ValidateSessionId(sessionId);

    private static List<string> Strings(List<string>? values) => [.. (values ?? []).Select(v => v ?? "")];

    /// <summary>A meeting that refuses the caller (or is gone) drops out of "mine" instead of failing the list.</summary>
    private static async Task<MeetingSummary?> SummaryOrNull(IMeetingGrain meeting, Caller caller)
    {
        try
        {
            return await meeting.GetSummary(caller);
        }
        catch (HubRealtimeException error) when (error.Code is ErrorCodes.Forbidden or ErrorCodes.MeetingNotFound)
        {
            return null;
        }
    }
}
