using System.Net;
using HubRealtime.Server.Http;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests.Api;

[Collection(EmbeddedServerCollection.Name)]
public sealed class SecurityHeaderTests(EmbeddedServerFixture fixture)
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Server.BaseAddress };

    [Theory]
    [InlineData("/", HttpStatusCode.OK, false)]
    [InlineData("/index.html", HttpStatusCode.OK, false)]
    [InlineData("/favicon.svg", HttpStatusCode.OK, false)]
    [InlineData("/api/rooms/no-such-room", HttpStatusCode.Unauthorized, true)]
    [InlineData("/public/invitations/not-a-token", HttpStatusCode.NotFound, true)]
    [InlineData("/health/live", HttpStatusCode.OK, false)]
    [InlineData("/no/such/page", HttpStatusCode.NotFound, false)]
    public async Task Every_response_carries_the_security_headers(string path, HttpStatusCode status, bool noStore)
    {
        var response = await _http.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("camera=(), microphone=(), geolocation=()", Header(response, "Permissions-Policy"));
        Assert.DoesNotContain("'unsafe-inline'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        if (noStore)
        {
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task A_signed_in_api_error_carries_the_security_headers_and_no_store()
    {
        var user = await fixture.Server.RegisterAsync("headers", "Headers");
        using var http = fixture.Server.Client(await fixture.Server.TokenAsync(user));

        var response = await http.GetAsync("/api/rooms/no-such-room");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
