using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Client;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests.Authentication;

/// <summary>One real server with real authentication only (the dev query identity off) and a configured admin password.</summary>
public sealed class AuthServerFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@hubrealtime.test";
    public const string AdminPassword = "Correct-horse-battery-9";
    public const string MemberPassword = "Staple-lantern-orbit-77";

    private readonly TempDirectory _data = new("hubrealtime-auth");

    public HubRealtimeServer Server { get; private set; } = null!;

    public IGrainFactory Grains => Server.Services.GetRequiredService<IGrainFactory>();

    public static Caller AdminCaller { get; } = new(AdminEmail, "Hub administrator");

    public Task InitializeAsync()
    {
        Server = HubRealtimeServer.StartEmbedded(_data.Path, Settings());
        return Task.CompletedTask;
    }

    public static Dictionary<string, string?> Settings(string? adminPassword = AdminPassword) => new()
    {
        ["HubRealtime:Identity:AdminEmail"] = AdminEmail,
        ["HubRealtime:Identity:AdminPassword"] = adminPassword,
        ["HubRealtime:Identity:DevQueryIdentity"] = "false",
    };

    /// <summary>A new agency member (no MFA required, no password change pending).</summary>
    public async Task<string> NewMemberAsync()
    {
        var email = $"m{Guid.NewGuid():N}"[..12] + "@agency.test";
        await Grains.GetGrain<IUserGrain>(email).Register(Caller.System, new NewAccount("Test Member", MemberPassword, "test-agency", AgencyRole.Member, false, false));
        return email;
    }

    public AuthClient NewClient() => new(Server.BaseAddress);

    public async Task<string> TokenAsync(string email, string password = MemberPassword)
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        var response = await http.PostAsJsonAsync("/api/auth/token", new { email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public HubConnection Hub(string token) => RoomHubClient.UseProtocolJson(new HubConnectionBuilder()
        .WithUrl(new Uri(Server.BaseAddress, RoomHubClient.HubPath), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)))
        .Build();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class AuthServerCollection : ICollectionFixture<AuthServerFixture>
{
    public const string Name = "auth-server";
}

/// <summary>A browser-like client: a cookie jar and the antiforgery header on every POST.</summary>
public sealed class AuthClient : IDisposable
{
    public AuthClient(Uri baseAddress, CookieContainer? cookies = null)
    {
        Cookies = cookies ?? new CookieContainer();
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true }) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http { get; }

    /// <summary>Fetches a request token (and the antiforgery cookie) for the current identity.</summary>
    public async Task<string> XsrfAsync()
    {
        var response = await Http.GetFromJsonAsync<JsonElement>("/api/auth/antiforgery");
        return response.GetProperty("requestToken").GetString()!;
    }

    public async Task<HttpResponseMessage> PostAsync(string path, object? body, bool withXsrf = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
        if (withXsrf)
        {
            request.Headers.Add("X-XSRF-TOKEN", await XsrfAsync());
        }
        return await Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        await PostAsync("/api/auth/sign-in", new { email, password });

    /// <summary>A second jar holding a copy of this one's cookies (an old session kept by an attacker).</summary>
    public AuthClient Copy()
    {
        var copy = new CookieContainer();
        foreach (Cookie cookie in Cookies.GetAllCookies())
        {
            copy.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        }
        return new AuthClient(Http.BaseAddress!, copy);
    }

    public void Dispose() => Http.Dispose();
}

internal static class Problems
{
    public static async Task<string?> CodeOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Completes when the connection closes.</summary>
    public static Task<Exception?> ClosedOf(HubConnection connection)
    {
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        return closed.Task;
    }

    /// <summary>A round trip: once it returns, the server has run OnConnectedAsync (and registered the connection).</summary>
    public static Task RoundTripAsync(HubConnection connection) => connection.InvokeAsync("LeaveRoom", "lobby");
}
