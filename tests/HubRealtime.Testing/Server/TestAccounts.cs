using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Server.Authentication;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace HubRealtime.Testing.Server;

/// <summary>A test account: its credentials and, for accounts that must use MFA, unused recovery codes.</summary>
public sealed class TestUser(string email, string displayName, string password, IReadOnlyList<string> recoveryCodes)
{
    private readonly ConcurrentQueue<string> _recoveryCodes = new(recoveryCodes);

    public string Email { get; } = email;

    public string DisplayName { get; } = displayName;

    public string Password { get; } = password;

    public Caller Caller => new(Email, DisplayName);

    /// <summary>A second factor for the next token request (one recovery code each), or null when none is needed.</summary>
    public string? NextCode() => _recoveryCodes.IsEmpty ? null
        : _recoveryCodes.TryDequeue(out var code) ? code
        : throw new InvalidOperationException("Out of recovery codes.");

    public override string ToString() => Email;
}

/// <summary>
/// Real identities for tests: accounts registered straight through the server's grains, bearer tokens from
/// <c>POST /api/auth/token</c>. Accounts that must use MFA (admins) enrol TOTP through the grains and get
/// their tokens with one-time recovery codes.
/// </summary>
public static class TestAccounts
{
    public const string Password = "correct horse battery staple 1";

    /// <summary>The agency of members registered without one (members must belong to an agency; it need not exist for chat).</summary>
    public const string DefaultAgencyId = "test-agency";

    public static string NewEmail(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}@agency.example";

    public static IGrainFactory Grains(this HubRealtimeServer server) => server.Services.GetRequiredService<IGrainFactory>();

    /// <summary>
    /// Registers an account (e-mail made unique from <paramref name="prefix"/> unless <paramref name="email"/> is given).
    /// Admins always enrol TOTP; others when <paramref name="mfa"/> is set (e.g. a future group owner or facilitator).
    /// </summary>
    public static async Task<TestUser> RegisterAsync(
        this HubRealtimeServer server,
        string prefix = "user",
        string? displayName = null,
        string? agencyId = null,
        AgencyRole role = AgencyRole.Member,
        bool hubAdmin = false,
        string? email = null,
        bool mfa = false)
    {
        email ??= NewEmail(prefix);
        displayName ??= prefix;
        agencyId ??= hubAdmin ? null : DefaultAgencyId;
        var user = server.Grains().GetGrain<IUserGrain>(email);
        var profile = await user.Register(Caller.System, new NewAccount(displayName, Password, agencyId, role, hubAdmin, false));
        var codes = profile.MfaRequired || mfa ? await EnrolTotpAsync(user, new Caller(profile.Email, displayName)) : [];
        return new TestUser(profile.Email, displayName, Password, codes);
    }

    /// <summary>Enrols TOTP for the account (the caller is the account itself) and returns its recovery codes.</summary>
    public static async Task<IReadOnlyList<string>> EnrolTotpAsync(IUserGrain user, Caller self)
    {
        var enrolment = await user.BeginMfaEnrolment(self);
        var code = new Totp(Base32Encoding.ToBytes(enrolment.SecretBase32)).ComputeTotp(DateTime.UtcNow);
        return (await user.ConfirmMfaEnrolment(self, code)).Codes;
    }

    /// <summary>A bearer token from <c>POST /api/auth/token</c> (with a recovery code when the account uses MFA).</summary>
    public static async Task<string> TokenAsync(this HubRealtimeServer server, TestUser user)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var response = await http.PostAsJsonAsync("/api/auth/token", new { email = user.Email, password = user.Password, code = user.NextCode() });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"No token for {user.Email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>
    /// A token issued in-process (the password checked by the user grain, signed by the server's key), for
    /// servers whose sign-in rate limit is too small to serve the test's callers over HTTP.
    /// </summary>
    public static async Task<string> IssueTokenAsync(this HubRealtimeServer server, TestUser user)
    {
        var grain = server.Grains().GetGrain<IUserGrain>(user.Email);
        var result = await grain.CheckPassword(user.Password);
        if (result.Outcome == SignInOutcome.SecondFactorRequired)
        {
            result = await grain.CheckSecondFactor(user.NextCode() ?? "");
        }
        return result is { Outcome: SignInOutcome.Succeeded, Session: { } session }
            ? server.Services.GetRequiredService<AccessTokens>().Issue(session)
            : throw new InvalidOperationException($"No session for {user.Email}: {result.Outcome}");
    }

    /// <summary>An HTTP client that sends <paramref name="token"/> as a bearer credential.</summary>
    public static HttpClient Client(this HubRealtimeServer server, string token)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
