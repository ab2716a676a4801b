using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Server.Authentication;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests.Authentication;

[Collection(AuthServerCollection.Name)]
public sealed class TokenAndRevocationTests(AuthServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_token_endpoint_issues_a_bearer_JWT_that_works_as_a_header()
    {
        var email = await fixture.NewMemberAsync();
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };

        var response = await http.PostAsJsonAsync("/api/auth/token", new { email, password = AuthServerFixture.MemberPassword });
        var body = await Problems.JsonOf(response);
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        var meResponse = await http.SendAsync(me);
        var wrong = await http.PostAsJsonAsync("/api/auth/token", new { email, password = "Wrong-password-123456" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.Equal(900, body.GetProperty("expiresIn").GetInt32());
        Assert.Equal(3, body.GetProperty("accessToken").GetString()!.Split('.').Length);
        Assert.Equal(HttpStatusCode.OK, meResponse.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_credentials"), (wrong.StatusCode, await Problems.CodeOf(wrong)));
    }

    [Fact]
    public async Task A_token_opens_a_hub_connection_and_a_garbage_token_is_refused_with_401()
    {
        var email = await fixture.NewMemberAsync();
        var token = await fixture.TokenAsync(email);
        await using var good = fixture.Hub(token);
        await using var garbage = fixture.Hub("not.a.token");
        await using var anonymous = new HubConnectionBuilder().WithUrl(new Uri(fixture.Server.BaseAddress, "/hubs/room")).Build();

        await good.StartAsync();
        await Problems.RoundTripAsync(good);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => garbage.StartAsync());
        var anonymousRefused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());

        Assert.Equal(HubConnectionState.Connected, good.State);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousRefused.StatusCode);
    }

    [Fact]
    public async Task The_access_token_query_counts_on_the_hub_path_only()
    {
        var email = await fixture.NewMemberAsync();
        var token = await fixture.TokenAsync(email);
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };

        var negotiate = await http.PostAsync($"/hubs/room/negotiate?negotiateVersion=1&access_token={token}", null);
        var api = await http.GetAsync($"/api/auth/me?access_token={token}");

        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthenticated"), (api.StatusCode, await Problems.CodeOf(api)));
    }

    [Fact]
    public async Task A_password_change_ends_old_cookies_and_tokens_and_cuts_live_connections()
    {
        var email = await fixture.NewMemberAsync();
        using var client = fixture.NewClient();
        await client.SignInAsync(email, AuthServerFixture.MemberPassword);
        using var stolen = client.Copy();
        var token = await fixture.TokenAsync(email);
        await using var hub = fixture.Hub(token);
        var closed = Problems.ClosedOf(hub);
        await hub.StartAsync();
        await Problems.RoundTripAsync(hub);
        Assert.Equal(HttpStatusCode.OK, (await stolen.Http.GetAsync("/api/auth/me")).StatusCode);

        var change = await client.PostAsync("/api/auth/password", new { currentPassword = AuthServerFixture.MemberPassword, newPassword = "A-brand-new-password-42" });
        await closed.WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stolen.Http.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetMeWithToken(token)).StatusCode);
        var reconnect = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, reconnect.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetMeWithToken(await fixture.TokenAsync(email, "A-brand-new-password-42"))).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_with_a_token_ends_every_session_and_cuts_live_connections()
    {
        var email = await fixture.NewMemberAsync();
        using var browser = fixture.NewClient();
        await browser.SignInAsync(email, AuthServerFixture.MemberPassword);
        var token = await fixture.TokenAsync(email);
        await using var hub = fixture.Hub(token);
        var closed = Problems.ClosedOf(hub);
        await hub.StartAsync();
        await Problems.RoundTripAsync(hub);

        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out-everywhere");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var signOut = await http.SendAsync(request);
        await closed.WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetMeWithToken(token)).StatusCode);
        var reconnect = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, reconnect.StatusCode);
    }

    [Fact]
    public async Task Deactivation_by_the_hub_admin_cuts_a_live_connection_and_blocks_reconnection()
    {
        var email = await fixture.NewMemberAsync();
        var token = await fixture.TokenAsync(email);
        await using var hub = fixture.Hub(token);
        var closed = Problems.ClosedOf(hub);
        await hub.StartAsync();
        await Problems.RoundTripAsync(hub);

        await fixture.Grains.GetGrain<IUserGrain>(email).SetStatus(AuthServerFixture.AdminCaller, UserStatus.Deactivated);
        await closed.WaitAsync(Timeout);

        var reconnect = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, reconnect.StatusCode);
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var newToken = await http.PostAsJsonAsync("/api/auth/token", new { email, password = AuthServerFixture.MemberPassword });
        Assert.Equal((HttpStatusCode.Forbidden, "deactivated"), (newToken.StatusCode, await Problems.CodeOf(newToken)));
    }

    [Fact]
    public async Task A_revocation_issued_while_the_silo_lost_its_subscription_cuts_the_connection_at_the_next_refresh()
    {
        var email = await fixture.NewMemberAsync();
        var token = await fixture.TokenAsync(email);
        await using var hub = fixture.Hub(token);
        var closed = Problems.ClosedOf(hub);
        await hub.StartAsync();
        await Problems.RoundTripAsync(hub);

        // The revocation grain moves (here: is deactivated) and forgets this silo's subscription; the
        // deactivation lands before the silo's refresh timer re-subscribes.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await fixture.Grains.GetGrain<IUserGrain>(email).SetStatus(AuthServerFixture.AdminCaller, UserStatus.Deactivated);
        await fixture.Server.Services.GetRequiredService<SessionRevocationObserver>().RefreshAsync();

        await closed.WaitAsync(Timeout);
    }

    private async Task<HttpResponseMessage> GetMeWithToken(string token)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}
