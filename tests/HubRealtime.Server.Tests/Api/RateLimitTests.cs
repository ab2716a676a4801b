using System.Net;
using System.Net.Http.Json;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.AspNetCore.SignalR.Client;
using static HubRealtime.Server.Tests.Api.ApiKit;

namespace HubRealtime.Server.Tests.Api;

/// <summary>A server of its own with tiny limits, so that bursts hit them at once; the refill is slow enough not to interfere.</summary>
public sealed class RateLimitedServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new("hubrealtime-ratelimit");

    public HubRealtimeServer Server { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Server = HubRealtimeServer.StartEmbedded(_data.Path, new Dictionary<string, string?>
        {
            ["HubRealtime:RateLimits:Api:TokenLimit"] = "3",
            ["HubRealtime:RateLimits:Api:TokensPerPeriod"] = "1",
            ["HubRealtime:RateLimits:Api:PeriodSeconds"] = "600",
            ["HubRealtime:RateLimits:Invitations:PermitLimit"] = "2",
            ["HubRealtime:RateLimits:Invitations:WindowSeconds"] = "600",
            ["HubRealtime:RateLimits:Hub:TokenLimit"] = "4",
            ["HubRealtime:RateLimits:Hub:TokensPerPeriod"] = "1",
            ["HubRealtime:RateLimits:Hub:PeriodSeconds"] = "600",
            ["HubRealtime:RateLimits:SignIn:PermitLimit"] = "3",
            ["HubRealtime:RateLimits:SignIn:WindowSeconds"] = "600",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _data.Dispose();
    }
}

public sealed class RateLimitTests(RateLimitedServerFixture fixture) : IClassFixture<RateLimitedServerFixture>
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Server.BaseAddress };

    [Fact]
    public async Task Credential_endpoints_are_limited_per_address_before_any_password_is_checked()
    {
        var attempts = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await _http.PostAsJsonAsync("/api/auth/token", new { email = NewEmail("guess"), password = "not the password at all" });
            attempts.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal((429, "rate_limited"), await ProblemAsync(response));
                Assert.True(response.Headers.RetryAfter is not null);
            }
        }

        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            attempts.ToArray());
    }

    [Fact]
    public async Task An_api_burst_past_the_users_budget_gets_429_with_a_code_and_retry_after_and_other_users_are_unaffected()
    {
        // Tokens are issued in-process: this server's sign-in limit belongs to the credential test.
        using var user = fixture.Server.Client(await fixture.Server.IssueTokenAsync(await fixture.Server.RegisterAsync("burst")));
        using var calm = fixture.Server.Client(await fixture.Server.IssueTokenAsync(await fixture.Server.RegisterAsync("calm")));
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await user.GetAsync("/api/rooms/no-such-room"));
        }
        var someoneElse = await calm.GetAsync("/api/rooms/no-such-room");

        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            answers.Select(a => a.StatusCode).ToArray());
        var limited = answers[^1];
        Assert.Equal((429, "rate_limited"), await ProblemAsync(limited));
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "Retry-After in seconds");
        Assert.Equal("nosniff", limited.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotFound, someoneElse.StatusCode);
    }

    [Fact]
    public async Task The_anonymous_invitation_endpoints_are_limited_per_address()
    {
        var token = new string('A', 43);
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await _http.GetAsync($"/public/invitations/{token}"));
        }
        var accept = await _http.PostAsync($"/public/invitations/{token}/accept", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests],
            answers.Select(a => a.StatusCode).ToArray());
        Assert.Equal((429, "rate_limited"), await ProblemAsync(accept));
        Assert.NotNull(accept.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_hub_caller_over_budget_gets_a_typed_rate_limited_error_and_the_connection_stays_usable()
    {
        // The room and the tokens are made in-process: this server's API and sign-in limits are the subject of other tests.
        var room = Rooms.NewId();
        var chatty = await fixture.Server.RegisterAsync("chatty", "Chatty");
        await fixture.Server.Grains().GetGrain<IRoomGrain>(room).Create(chatty.Caller, "Breakout");
        await using var sender = await RecordingClient.ConnectAsync(fixture.Server, chatty, fixture.Server.IssueTokenAsync);
        await using var other = await RecordingClient.ConnectAsync(fixture.Server, await fixture.Server.RegisterAsync("other", "Other"), fixture.Server.IssueTokenAsync);
        await sender.Hub.JoinRoomAsync(room);
        var before = (await other.Hub.JoinRoomAsync(room)).LastSeq;

        var outcomes = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            try
            {
                await sender.Hub.GetMissedAsync(room, 0, 1);
                outcomes.Add("ok");
            }
            catch (HubRealtimeException error)
            {
                outcomes.Add(error.Code);
            }
        }
        // The refused caller's connection is still open and still receives the room's messages.
        await other.Hub.SendMessageAsync(room, Guid.NewGuid().ToString("N"), "still there?");
        await sender.WaitForAsync(1);

        Assert.Equal(["ok", "ok", "ok", ErrorCodes.RateLimited, ErrorCodes.RateLimited], outcomes);
        Assert.Equal(HubConnectionState.Connected, sender.Hub.Connection.State);
        Assert.Equal("still there?", sender.Received.Single(m => m.Seq > before).Text());
    }
}
