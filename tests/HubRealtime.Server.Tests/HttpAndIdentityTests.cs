using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HubRealtime.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace HubRealtime.Server.Tests;

[Collection(EmbeddedServerCollection.Name)]
public sealed class HttpAndIdentityTests(EmbeddedServerFixture fixture)
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Server.BaseAddress };

    [Fact]
    public async Task Creating_a_room_returns_201_then_409_and_reading_it_returns_its_info()
    {
        var roomId = Rooms.NewId();

        var created = await _http.PostAsJsonAsync("/api/rooms?user=fac&name=Fac", new { roomId, title = "Plenary" });
        var again = await _http.PostAsJsonAsync("/api/rooms?user=fac&name=Fac", new { roomId, title = "Plenary" });
        var read = await _http.GetFromJsonAsync<JsonElement>($"/api/rooms/{roomId}?user=fac&name=Fac");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/rooms/{roomId}", created.Headers.Location?.OriginalString);
        Assert.Equal((HttpStatusCode.Conflict, "room_exists"), (again.StatusCode, await CodeOf(again)));
        Assert.Equal("Plenary", read.GetProperty("title").GetString());
        Assert.Equal("fac", read.GetProperty("createdBy").GetString());
    }

    [Theory]
    [InlineData("/api/rooms?user=fac&name=Fac", "{\"roomId\":\"Bad Id\",\"title\":\"x\"}", HttpStatusCode.BadRequest, "invalid_argument")]
    [InlineData("/api/rooms?user=fac&name=Fac", "{\"roomId\":\"fine-id\",\"title\":\"\"}", HttpStatusCode.BadRequest, "invalid_argument")]
    [InlineData("/api/rooms?user=fac&name=Fac", "{\"roomId\":\"fine-id\"}", HttpStatusCode.BadRequest, "invalid_argument")]
    [InlineData("/api/rooms?user=fac&name=Fac", "not json", HttpStatusCode.BadRequest, "invalid_argument")]
    [InlineData("/api/rooms", "{\"roomId\":\"fine-id\",\"title\":\"x\"}", HttpStatusCode.BadRequest, "unauthenticated")]
    [InlineData("/api/rooms?user=bad%20user&name=x", "{\"roomId\":\"fine-id\",\"title\":\"x\"}", HttpStatusCode.BadRequest, "unauthenticated")]
    public async Task Bad_requests_get_problem_details_with_a_code_and_create_nothing(string path, string body, HttpStatusCode status, string code)
    {
        var response = await _http.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, await CodeOf(response));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/rooms/fine-id?user=fac&name=Fac")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_room_is_404_with_its_code()
    {
        var response = await _http.GetAsync($"/api/rooms/{Rooms.NewId()}?user=fac&name=Fac");

        Assert.Equal((HttpStatusCode.NotFound, "room_not_found"), (response.StatusCode, await CodeOf(response)));
    }

    [Fact]
    public async Task A_hub_connection_without_identity_is_refused()
    {
        var url = new Uri(fixture.Server.BaseAddress, RoomHubClient.HubPath);
        await using var anonymous = new HubConnectionBuilder().WithUrl(url).Build();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
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
