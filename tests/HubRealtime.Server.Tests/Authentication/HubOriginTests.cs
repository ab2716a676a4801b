using System.Net;

namespace HubRealtime.Server.Tests.Authentication;

[Collection(AuthServerCollection.Name)]
public sealed class HubOriginTests(AuthServerFixture fixture)
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("self", true)]
    [InlineData("https://evil.example", false)]
    [InlineData("null", false)]
    public async Task Only_the_servers_own_origin_or_none_may_reach_the_hub(string? origin, bool allowed)
    {
        var token = await fixture.TokenAsync(await fixture.NewMemberAsync());
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/room/negotiate?negotiateVersion=1");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin == "self" ? fixture.Server.BaseAddress.GetLeftPart(UriPartial.Authority) : origin);
        }

        var response = await http.SendAsync(request);

        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
    }
}
