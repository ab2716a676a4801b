using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HubRealtime.Client;
using HubRealtime.Testing.Server;
using Microsoft.AspNetCore.SignalR.Client;

namespace HubRealtime.Server.Tests;

[Collection(EmbeddedServerCollection.Name)]
public sealed class HttpAndIdentityTests(EmbeddedServerFixture fixture)
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Server.BaseAddress };

    /// <summary>A client signed in (bearer token) as a newly registered facilitator.</summary>
    private async Task<(HttpClient Http, TestUser User)> FacilitatorAsync()
    {
        var user = await fixture.Server.RegisterAsync("fac", "Fac");
        return (fixture.Server.Client(await fixture.Server.TokenAsync(user)), user);
    }

    [Fact]
    public async Task Creating_a_room_returns_201_then_409_and_reading_it_returns_its_info()
    {
        var roomId = Rooms.NewId();
        var (http, fac) = await FacilitatorAsync();

        var created = await http.PostAsJsonAsync("/api/rooms", new { roomId, title = "Plenary" });
        var again = await http.PostAsJsonAsync("/api/rooms", new { roomId, title = "Plenary" });
        var read = await http.GetFromJsonAsync<JsonElement>($"/api/rooms/{roomId}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/rooms/{roomId}", created.Headers.Location?.OriginalString);
        Assert.Equal((HttpStatusCode.Conflict, "room_exists"), (again.StatusCode, await CodeOf(again)));
        Assert.Equal("Plenary", read.GetProperty("title").GetString());
        Assert.Equal(fac.Email, read.GetProperty("createdBy").GetString());
    }

    [Theory]
    [InlineData(true, "{\"roomId\":\"Bad Id\",\"title\":\"x\"}", HttpStatusCode.BadRequest, "invalid_argument")]
    [InlineData(true, "{\"roomId\":\"fine-id\",\"title\":\"\"}", HttpStatusCode.BadRequest, "invalid_argument")]
    [InlineData(true, "{\"roomId\":\"fine-id\"}", HttpStatusCode.BadRequest, "invalid_argument")]
    [InlineData(true, "not json", HttpStatusCode.BadRequest, "invalid_argument")]
    [InlineData(false, "{\"roomId\":\"fine-id\",\"title\":\"x\"}", HttpStatusCode.Unauthorized, "unauthenticated")]
    public async Task Bad_requests_get_problem_details_with_a_code_and_create_nothing(bool signedIn, string body, HttpStatusCode status, string code)
    {
        var (http, _) = await FacilitatorAsync();
        var response = await (signedIn ? http : _http).PostAsync("/api/rooms", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, await CodeOf(response));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/rooms/fine-id")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_room_is_404_with_its_code()
    {
        var (http, _) = await FacilitatorAsync();
        var response = await http.GetAsync($"/api/rooms/{Rooms.NewId()}");

        Assert.Equal((HttpStatusCode.NotFound, "room_not_found"), (response.StatusCode, await CodeOf(response)));
    }

    [Fact]
    public async Task A_hub_connection_without_identity_is_refused()
    {
        var url = new Uri(fixture.Server.BaseAddress, RoomHubClient.HubPath);
        await using var anonymous = new HubConnectionBuilder().WithUrl(url).Build();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health/ready")).StatusCode);
    }

    private static async Task<string?> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("code", out var code) ? code.GetString() : null;
}
