using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Client;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HubRealtime.Server.Tests.Authentication;

/// <summary>An agency's identity provider, played by a key made in the test: its tokens sign users in by e-mail.</summary>
public sealed class ExternalAuthorityFixture : IAsyncLifetime
{
    public const string Issuer = "https://idp.police.example";
    public const string Audience = "hubrealtime-sso";

    private readonly TempDirectory _data = new("hubrealtime-sso");

    public RSA AgencyKey { get; } = RSA.Create(2048);

    public HubRealtimeServer Server { get; private set; } = null!;

    public IGrainFactory Grains => Server.Services.GetRequiredService<IGrainFactory>();

    public Task InitializeAsync()
    {
        var settings = AuthServerFixture.Settings();
        settings["HubRealtime:Identity:ExternalAuthority:Issuer"] = Issuer;
        settings["HubRealtime:Identity:ExternalAuthority:Audience"] = Audience;
        settings["HubRealtime:Identity:ExternalAuthority:SigningKeyPem"] = AgencyKey.ExportSubjectPublicKeyInfoPem();
        Server = HubRealtimeServer.StartEmbedded(_data.Path, settings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _data.Dispose();
        AgencyKey.Dispose();
    }

    /// <summary>An account as an accepted invitation leaves it.</summary>
    public async Task<string> InvitedMemberAsync()
    {
        var email = $"sso-{Guid.NewGuid():N}"[..16] + "@police.example";
        await Grains.GetGrain<IUserGrain>(email).Register(Caller.System,
            new NewAccount("Officer Sso", AuthServerFixture.MemberPassword, "police-x", AgencyRole.Member, false, false));
        return email;
    }

    public string Token(string email, RSA? key = null, string issuer = Issuer, string audience = Audience, bool? emailVerified = null)
    {
        var claims = new Dictionary<string, object> { ["email"] = email };
        if (emailVerified is { } verified)
        {
            claims["email_verified"] = verified;
        }
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString())]),
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? AgencyKey), SecurityAlgorithms.RsaSha256),
        });
    }
}

public sealed class ExternalAuthorityTests(ExternalAuthorityFixture fixture) : IClassFixture<ExternalAuthorityFixture>
{
    [Fact]
    public async Task A_token_of_the_agency_authority_signs_in_the_invited_account_by_e_mail()
    {
        var email = await fixture.InvitedMemberAsync();

        var me = await GetMeAsync(fixture.Token(email.ToUpperInvariant()));

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var profile = (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("profile");
        Assert.Equal(email, profile.GetProperty("email").GetString());
    }

    [Fact]
    public async Task The_same_token_opens_a_hub_connection()
    {
        var email = await fixture.InvitedMemberAsync();
        var token = fixture.Token(email);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Server.BaseAddress, RoomHubClient.HubPath), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();

        await hub.StartAsync();

        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    [Fact]
    public async Task Tokens_are_refused_without_an_account_with_another_key_audience_or_an_unverified_address_and_after_deactivation()
    {
        var email = await fixture.InvitedMemberAsync();
        using var otherKey = RSA.Create(2048);

        var noAccount = await GetMeAsync(fixture.Token("stranger@police.example"));
        var forged = await GetMeAsync(fixture.Token(email, key: otherKey));
        var otherAudience = await GetMeAsync(fixture.Token(email, audience: "someone-else"));
        var unverified = await GetMeAsync(fixture.Token(email, emailVerified: false));
        await fixture.Grains.GetGrain<IUserGrain>(email).SetStatus(
            await HubAdminAsync(), UserStatus.Deactivated);
        var deactivated = await GetMeAsync(fixture.Token(email));

        Assert.All(new[] { noAccount, forged, otherAudience, unverified, deactivated },
            response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
    }

    private async Task<Caller> HubAdminAsync()
    {
        var email = $"hub-{Guid.NewGuid():N}"[..16] + "@hub.example";
        await fixture.Grains.GetGrain<IUserGrain>(email).Register(Caller.System,
            new NewAccount("Hub admin", AuthServerFixture.MemberPassword, null, AgencyRole.Member, IsHubAdmin: true, false));
        return new Caller(email, "Hub admin");
    }

    private async Task<HttpResponseMessage> GetMeAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}
