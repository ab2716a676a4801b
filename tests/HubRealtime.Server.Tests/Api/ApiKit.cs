using System.Net.Http.Json;
using System.Text.Json;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests.Api;

/// <summary>Accounts and agencies made straight through the grains, and HTTP calls made as one of them (the interim dev identity).</summary>
internal sealed class ApiKit(HubRealtimeServer server)
{
    public const string Password = "correct horse battery staple 1";

    public HttpClient Http { get; } = new() { BaseAddress = server.BaseAddress };

    public IGrainFactory Grains => server.Services.GetRequiredService<IGrainFactory>();

    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    public static string NewEmail(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}@agency.example";

    /// <summary>Path with the dev identity of <paramref name="email"/> appended.</summary>
    public static string As(string email, string path) =>
        path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"user={Uri.EscapeDataString(email)}&name=Tester";

    public async Task<string> HubAdminAsync()
    {
        var email = NewEmail("hubadmin");
        await Grains.GetGrain<IUserGrain>(email).Register(Caller.System, new NewAccount("Hub Admin", Password, null, AgencyRole.Member, true, false));
        return email;
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
        await Grains.GetGrain<IUserGrain>(email).Register(Caller.System, new NewAccount(name, Password, agencyId, role, false, false));
        await Grains.GetGrain<IAgencyGrain>(agencyId).AddMember(Caller.System, new AgencyMember(email, name, role, true));
        return email;
    }

    public Task<HttpResponseMessage> GetAsync(string email, string path) => Http.GetAsync(As(email, path));

    public Task<HttpResponseMessage> PostAsync(string email, string path, object? body = null) =>
        Http.PostAsJsonAsync(As(email, path), body ?? new { });

    public Task<HttpResponseMessage> DeleteAsync(string email, string path) => Http.DeleteAsync(As(email, path));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<(int Status, string? Code)> ProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
        return ((int)response.StatusCode, json.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null);
    }
}

internal sealed record TestAgency(string Id, string Admin, string Member);
