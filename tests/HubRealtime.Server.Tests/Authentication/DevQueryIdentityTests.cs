using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Client;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests.Authentication;

/// <summary>A server with the interim query identity turned on (HubRealtime:Identity:DevQueryIdentity=true).</summary>
public sealed class DevIdentityServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new("hubrealtime-dev-identity");

    public HubRealtimeServer Server { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Server = HubRealtimeServer.StartEmbedded(_data.Path, new Dictionary<string, string?> { ["HubRealtime:Identity:DevQueryIdentity"] = "true" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _data.Dispose();
    }
}

/// <summary>While the interim query identity is on, real credentials still win and still fail closed.</summary>
public sealed class DevQueryIdentityTests(DevIdentityServerFixture fixture) : IClassFixture<DevIdentityServerFixture>
{
    [Theory]
    [InlineData("/api/rooms")]
    [InlineData("/api/rooms?user=bad%20user&name=x")]
    public async Task A_missing_or_malformed_query_identity_is_400_unauthenticated_and_creates_nothing(string path)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };

        var response = await http.PostAsync(path, new StringContent("{\"roomId\":\"fine-id\",\"title\":\"x\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, "unauthenticated"), (response.StatusCode, await Problems.CodeOf(response)));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/rooms/fine-id?user=fac&name=Fac")).StatusCode);
    }

    [Fact]
    public async Task A_query_identity_without_an_account_is_refused_by_the_grains()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };

        var noAccount = await http.GetAsync("/api/groups/mine?user=no-account&name=Tester");
        var nobody = await http.GetAsync("/api/groups/mine?user=nobody%40agency.example&name=Tester");

        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (noAccount.StatusCode, await Problems.CodeOf(noAccount)));
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (nobody.StatusCode, await Problems.CodeOf(nobody)));
    }

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
