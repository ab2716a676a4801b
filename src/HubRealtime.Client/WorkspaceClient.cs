using System.Net.Http.Headers;
using System.Net.Http.Json;
using HubRealtime.Abstractions.Workspace;

namespace HubRealtime.Client;

/// <summary>
/// Typed client of the workspace HTTP API (docs/protocol.md, "Workspace"): the caller's groups, meetings
/// and joined rooms with unread and mention counts. Read positions move over the hub
/// (<see cref="RoomHubClient.MarkReadAsync"/>). Refusals surface as <c>HubRealtimeException</c> with the code.
/// </summary>
public sealed class WorkspaceClient(HttpClient http)
{
    public static WorkspaceClient WithToken(Uri baseAddress, string accessToken)
    {
        var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return new WorkspaceClient(http);
    }

    public async Task<WorkspaceView> GetAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri("/api/me/workspace", UriKind.Relative), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await MeetingsClient.ProblemAsync(response, cancellationToken);
        }
        return (await response.Content.ReadFromJsonAsync<WorkspaceView>(MeetingsClient.Json, cancellationToken))!;
    }

    /// <summary>Drops a room from "rooms I joined".</summary>
    public async Task ForgetRoomAsync(string roomId, CancellationToken cancellationToken = default)
    {
        using var response = await http.DeleteAsync(new Uri($"/api/me/workspace/rooms/{Uri.EscapeDataString(roomId)}", UriKind.Relative), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await MeetingsClient.ProblemAsync(response, cancellationToken);
        }
    }
}
