using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Client;

/// <summary>
/// Typed client of the meetings HTTP API (docs/protocol.md, "Meetings") for .NET callers with a bearer
/// token: the tests and the benchmark. A refusal surfaces as <see cref="HubRealtimeException"/> with the
/// ProblemDetails' <c>code</c>, like the hub client's typed errors.
/// </summary>
public sealed class MeetingsClient(HttpClient http)
{
    /// <summary>The server's JSON: camelCase names, enums as camelCase strings.</summary>
    public static JsonSerializerOptions Json => RoomEventJson.Options;

    /// <summary>A client on <paramref name="baseAddress"/> that sends <paramref name="accessToken"/> on every call.</summary>
    public static MeetingsClient WithToken(Uri baseAddress, string accessToken)
    {
        var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return new MeetingsClient(http);
    }

    public Task<MeetingView> CreateAsync(string meetingId, NewMeeting meeting, CancellationToken cancellationToken = default) =>
        SendAsync<MeetingView>(HttpMethod.Post, "/api/meetings", new
        {
            meetingId,
            meeting.Title,
            meeting.StartsAt,
            meeting.EndsAt,
            meeting.TimeZone,
            sessions = meeting.Sessions.Select(s => new { s.SessionId, s.Title }),
            meeting.Facilitators,
            meeting.Participants,
            meeting.Agencies,
            meeting.Groups,
            meeting.RetentionDays,
        }, cancellationToken);

    public Task<IReadOnlyList<MeetingSummary>> MineAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<MeetingSummary>>(HttpMethod.Get, "/api/meetings/mine", null, cancellationToken);

    public Task<MeetingView> GetAsync(string meetingId, CancellationToken cancellationToken = default) =>
        SendAsync<MeetingView>(HttpMethod.Get, $"/api/meetings/{Uri.EscapeDataString(meetingId)}", null, cancellationToken);

    public Task<BreakoutView> DraftAsync(string meetingId, string sessionId, IReadOnlyList<string> names, CancellationToken cancellationToken = default) =>
        Breakouts<BreakoutView>(meetingId, sessionId, "breakouts/draft", new { names }, cancellationToken);

    /// <summary>Any mode; <paramref name="placements"/> for manual, <paramref name="cap"/> for self-select, <paramref name="csv"/> for CSV.</summary>
    public Task<BreakoutView> AssignAsync(
        string meetingId, string sessionId, AssignmentMode mode,
        IReadOnlyList<ManualPlacement>? placements = null, int? cap = null, string? csv = null, CancellationToken cancellationToken = default) =>
        Breakouts<BreakoutView>(meetingId, sessionId, "breakouts/assign",
            new { mode, assignments = placements?.Select(p => new { p.Email, p.RoomId }), cap, csv }, cancellationToken);

    /// <summary>Opens the drafted round; with <paramref name="noteTemplate"/> every room's note starts from it.</summary>
    public Task<BreakoutView> OpenAsync(string meetingId, string sessionId, int durationMinutes, IReadOnlyList<int>? warningMinutes = null,
        string? noteTemplate = null, CancellationToken cancellationToken = default) =>
        Breakouts<BreakoutView>(meetingId, sessionId, "breakouts/open", new { durationMinutes, warningMinutes = warningMinutes ?? [], noteTemplate }, cancellationToken);

    public Task<BreakoutView> ExtendAsync(string meetingId, string sessionId, int minutes, CancellationToken cancellationToken = default) =>
        Breakouts<BreakoutView>(meetingId, sessionId, "breakouts/extend", new { minutes }, cancellationToken);

    public Task<BreakoutView> MoveAsync(string meetingId, string sessionId, string email, string roomId, CancellationToken cancellationToken = default) =>
        Breakouts<BreakoutView>(meetingId, sessionId, "breakouts/move", new { email, roomId }, cancellationToken);

    public Task<BreakoutView> CloseAsync(string meetingId, string sessionId, CancellationToken cancellationToken = default) =>
        Breakouts<BreakoutView>(meetingId, sessionId, "breakouts/close", new { }, cancellationToken);

    public Task<BreakoutView> ChooseAsync(string meetingId, string sessionId, string roomId, CancellationToken cancellationToken = default) =>
        Breakouts<BreakoutView>(meetingId, sessionId, "breakouts/choose", new { roomId }, cancellationToken);

    public Task BroadcastAsync(string meetingId, string sessionId, string text, CancellationToken cancellationToken = default) =>
        Breakouts<object?>(meetingId, sessionId, "broadcast", new { text }, cancellationToken);

    public Task RequestHelpAsync(string meetingId, string sessionId, string text, CancellationToken cancellationToken = default) =>
        Breakouts<object?>(meetingId, sessionId, "help", new { text }, cancellationToken);

    /// <summary>Facilitators: resolves an open help request for every facilitator (again: no change).</summary>
    public Task ResolveHelpAsync(string meetingId, string sessionId, int requestId, CancellationToken cancellationToken = default) =>
        Breakouts<object?>(meetingId, sessionId, $"help/{requestId}/resolve", new { }, cancellationToken);

    /// <summary>Facilitators: adds people by e-mail, agency or working group; returns the meeting as the caller sees it.</summary>
    public Task<MeetingView> AddPeopleAsync(string meetingId, MeetingPeopleChange change, CancellationToken cancellationToken = default) =>
        SendAsync<MeetingView>(HttpMethod.Post, $"/api/meetings/{Uri.EscapeDataString(meetingId)}/people", new
        {
            participants = change.Participants ?? [],
            facilitators = change.Facilitators ?? [],
            agencies = change.Agencies ?? [],
            groups = change.Groups ?? [],
        }, cancellationToken);

    /// <summary>Facilitators: removes someone from the meeting and all its rooms.</summary>
    public Task RemovePersonAsync(string meetingId, string email, CancellationToken cancellationToken = default) =>
        SendAsync<object?>(HttpMethod.Delete, $"/api/meetings/{Uri.EscapeDataString(meetingId)}/people/{Uri.EscapeDataString(email)}", null, cancellationToken);

    private Task<T> Breakouts<T>(string meetingId, string sessionId, string action, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Post, $"/api/meetings/{Uri.EscapeDataString(meetingId)}/sessions/{Uri.EscapeDataString(sessionId)}/{action}", body, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, cancellationToken);
        }
        if (response.StatusCode == System.Net.HttpStatusCode.NoContent)
        {
            return default!;
        }
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    /// <summary>The ProblemDetails' code and detail; a made-up code from the status when the body is not one.</summary>
    internal static async Task<HubRealtimeException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
            var code = problem.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : CodeFor(status);
            var detail = problem.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : $"HTTP {status}";
            return new HubRealtimeException(code, detail);
        }
        catch (JsonException)
        {
            return new HubRealtimeException(CodeFor(status), $"HTTP {status}");
        }
    }

    private static string CodeFor(int status) => status switch
    {
        401 => ErrorCodes.Unauthenticated,
        403 => ErrorCodes.Forbidden,
        429 => "rate_limited",
        >= 500 => ErrorCodes.Internal,
        _ => ErrorCodes.InvalidArgument,
    };
}
