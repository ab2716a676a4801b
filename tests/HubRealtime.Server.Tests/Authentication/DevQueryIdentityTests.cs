using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests.Authentication;

/// <summary>While the interim query identity is on (the default), real credentials still win and still fail closed.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class DevQueryIdentityTests(EmbeddedServerFixture fixture)
{
    [Fact]
    public async Task A_real_identity_is_never_overridden_by_the_query_and_a_bad_token_never_falls_back_to_it()
    {
        var email = $"d{Guid.NewGuid():N}"[..12] + "@agency.test";
        var grains = fixture.Server.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IUserGrain>(email).Register(Caller.System, new NewAccount("Dev Check", AuthServerFixture.MemberPassword, "test-agency", AgencyRole.Member, false, false));
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var token = (await Problems.JsonOf(await http.PostAsJsonAsync("/api/auth/token", new { email, password = AuthServerFixture.MemberPassword })))
            .GetProperty("accessToken").GetString()!;
        var roomId = Rooms.NewId();

        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/rooms?user=impostor&name=Impostor") { Content = JsonContent.Create(new { roomId, title = "Checked" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var created = await http.SendAsync(create);
        using var garbage = new HttpRequestMessage(HttpMethod.Get, $"/api/rooms/{roomId}?user=impostor&name=Impostor");
        garbage.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "garbage");
        var refused = await http.SendAsync(garbage);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Server.BaseAddress, RoomHubClient.HubPath + "?user=impostor&name=Impostor"), o => o.AccessTokenProvider = () => Task.FromResult<string?>("garbage"))
            .Build();
        var hubRefused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(email, (await Problems.JsonOf(created)).GetProperty("createdBy").GetString());
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthenticated"), (refused.StatusCode, await Problems.CodeOf(refused)));
        Assert.Equal(HttpStatusCode.Unauthorized, hubRefused.StatusCode);
    }
}
