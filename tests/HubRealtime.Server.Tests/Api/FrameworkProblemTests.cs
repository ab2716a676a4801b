using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests.Api;

/// <summary>Issue 8 §1.6: answers the framework makes before an endpoint runs carry a code too.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class FrameworkProblemTests(EmbeddedServerFixture fixture)
{
    [Theory]
    [InlineData("text/plain", "{\"roomId\":\"fine-id\",\"title\":\"x\"}", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type")]
    [InlineData("application/xml", "<room/>", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type")]
    [InlineData("application/json", "{\"roomId\":", HttpStatusCode.BadRequest, "invalid_argument")]
    [InlineData("application/json", "[1,2]", HttpStatusCode.BadRequest, "invalid_argument")]
    public async Task Unreadable_bodies_get_a_coded_problem(string contentType, string body, HttpStatusCode status, string code)
    {
        using var http = await SignedInAsync();

        var response = await http.PostAsync("/api/rooms", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, await CodeOf(response));
    }

    [Fact]
    public async Task Unknown_paths_and_methods_get_a_coded_problem()
    {
        using var http = await SignedInAsync();

        var missing = await http.GetAsync("/api/nothing-here");
        var method = await http.DeleteAsync("/api/rooms");

        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (missing.StatusCode, await CodeOf(missing)));
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "method_not_allowed"), (method.StatusCode, await CodeOf(method)));
    }

    [Theory]
    [InlineData("wg-")]
    [InlineData("m-")]
    public async Task Room_ids_of_groups_and_meetings_are_reserved(string prefix)
    {
        using var http = await SignedInAsync();
        var roomId = prefix + Rooms.NewId();

        var response = await http.PostAsJsonAsync("/api/rooms", new { roomId, title = "Squat" });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), (response.StatusCode, problem.GetProperty("code").GetString()));
        Assert.Contains("reserved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await http.GetAsync($"/api/rooms/{roomId}")).StatusCode);
    }

    private async Task<HttpClient> SignedInAsync() =>
        fixture.Server.Client(await fixture.Server.TokenAsync(await fixture.Server.RegisterAsync("edge", "Edge")));

    private static async Task<string?> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("code", out var code) ? code.GetString() : null;
}
