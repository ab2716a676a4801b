using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests.Api;

/// <summary>
/// Accounts and agencies made straight through the grains, and HTTP calls made as one of them with a bearer
/// token from the token endpoint (every account enrols MFA, since any may come to lead a working group, and uses a recovery code; tokens are cached per account).
/// </summary>
internal sealed class ApiKit(HubRealtimeServer server)
{
    public const string Password = TestAccounts.Password;

    private readonly ConcurrentDictionary<string, TestUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.OrdinalIgnoreCase);

    public HttpClient Http { get; } = new() { BaseAddress = server.BaseAddress };

    public IGrainFactory Grains => server.Services.GetRequiredService<IGrainFactory>();

    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    public static string NewEmail(string prefix) => TestAccounts.NewEmail(prefix);

    public async Task<string> HubAdminAsync()
    {
        var user = await server.RegisterAsync("hubadmin", "Hub Admin", hubAdmin: true);
        _users[user.Email] = user;
        return user.Email;
    }

    /// <summary>A new agency with one admin and one member.</summary>
    public async Task<TestAgency> AgencyAsync(string? hubAdmin = null)
    {
        hubAdmin ??= await HubAdminAsync();
        var agencyId = NewId("ag");
        var agency = Grains.GetGrain<IAgencyGrain>(agencyId);
        await agency.Create(new Caller(hubAdmin, "Hub Admin"), new NewAgency("Agency " + agencyId, "NL", AgencyKind.Police));
        var admin = await MemberAsync(agencyId, "admin", AgencyRole.Admin);
        var member = await MemberAsync(agencyId, "member", AgencyRole.Member);
        return new TestAgency(agencyId, admin, member);
    }

    public async Task<string> MemberAsync(string agencyId, string prefix, AgencyRole role)
    {
        var email = NewEmail(prefix);
        var name = $"{prefix} {email[..email.IndexOf('@', StringComparison.Ordinal)]}";
        var user = await server.RegisterAsync(prefix, name, agencyId, role, email: email, mfa: true);
        _users[user.Email] = user;
        await Grains.GetGrain<IAgencyGrain>(agencyId).AddMember(Caller.System, new AgencyMember(email, name, role, true));
        return email;
    }

    /// <summary>An account that was made elsewhere (e.g. by accepting an invitation), with the kit's password.</summary>
    public void Know(string email, string displayName) => _users[email] = new TestUser(EmailAddress.Normalize(email), displayName, Password, []);

    public Task<HttpResponseMessage> GetAsync(string email, string path) => SendAsync(email, () => new HttpRequestMessage(HttpMethod.Get, path));

    public Task<HttpResponseMessage> PostAsync(string email, string path, object? body = null) =>
        SendAsync(email, () => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) });

    public Task<HttpResponseMessage> DeleteAsync(string email, string path) => SendAsync(email, () => new HttpRequestMessage(HttpMethod.Delete, path));

    /// <summary>A POST with a raw (possibly malformed) JSON body.</summary>
    public Task<HttpResponseMessage> PostRawAsync(string email, string path, string body) =>
        SendAsync(email, () => new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });

    /// <summary>Sends as <paramref name="email"/>; a cached token the server no longer accepts (its session ended) is renewed once.</summary>
    private async Task<HttpResponseMessage> SendAsync(string email, Func<HttpRequestMessage> request)
    {
        var cached = _tokens.TryGetValue(email, out var token);
        var response = await SendWithAsync(token ?? await RenewAsync(email), request());
        if (cached && response.StatusCode == HttpStatusCode.Unauthorized)
        {
            try
            {
                var renewed = await RenewAsync(email);
                response.Dispose();
                response = await SendWithAsync(renewed, request());
            }
            catch (InvalidOperationException)
            {
                // No new session (deactivated, locked): the refusal stands.
            }
        }
        return response;
    }

    private async Task<string> RenewAsync(string email)
    {
        var user = _users.TryGetValue(email, out var known) ? known : throw new InvalidOperationException($"{email} is not an account of this kit.");
        return _tokens[email] = await server.TokenAsync(user);
    }

    private async Task<HttpResponseMessage> SendWithAsync(string token, HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<(int Status, string? Code)> ProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
        return ((int)response.StatusCode, json.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null);
    }
}

internal sealed record TestAgency(string Id, string Admin, string Member);
