using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using OtpNet;

namespace HubRealtime.Grains.Tests.Accounts;

/// <summary>Accounts with fresh e-mails and agencies per test, made the way the server makes them: by the system.</summary>
internal static class TestAccounts
{
    public const string Password = "correct horse battery staple";
    public const string DisplayName = "Test Officer";

    public static string NewEmail(string prefix = "officer") => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}@agency.example";

    public static string NewAgency() => "agency-" + Guid.NewGuid().ToString("N")[..12];

    public static Caller CallerOf(string email) => new(email, DisplayName);

    public static async Task<TestUser> RegisterAsync(
        IGrainFactory grains, string? agencyId, AgencyRole role = AgencyRole.Member, bool hubAdmin = false, string prefix = "officer")
    {
        var email = NewEmail(prefix);
        var grain = grains.GetGrain<IUserGrain>(email);
        await grain.Register(Caller.System, new NewAccount(DisplayName, Password, agencyId, role, hubAdmin, MustChangePassword: false));
        return new TestUser(email, grain, CallerOf(email));
    }

    public static Task<TestUser> HubAdminAsync(IGrainFactory grains) => RegisterAsync(grains, null, hubAdmin: true, prefix: "hubadmin");

    /// <summary>The TOTP code an authenticator app shows at <paramref name="offsetSteps"/> steps from the fake clock's now.</summary>
    public static string Code(string secretBase32, int offsetSteps = 0) =>
        new Totp(Base32Encoding.ToBytes(secretBase32)).ComputeTotp(
            RoomClusterFixture.Clock.GetUtcNow().AddSeconds(30 * offsetSteps).UtcDateTime);

    /// <summary>Moves the shared fake clock to the start of the next TOTP step, so no code of the previous step is current.</summary>
    public static void NextStep()
    {
        var now = RoomClusterFixture.Clock.GetUtcNow().ToUnixTimeSeconds();
        RoomClusterFixture.Clock.Advance(TimeSpan.FromSeconds(30 - (now % 30)));
    }

    /// <summary>Turns MFA on; returns the secret and the recovery codes. The clock ends on a step no code was used in.</summary>
    public static async Task<(string Secret, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(TestUser user)
    {
        var enrolment = await user.Grain.BeginMfaEnrolment(user.Caller);
        var codes = await user.Grain.ConfirmMfaEnrolment(user.Caller, Code(enrolment.SecretBase32));
        NextStep();
        return (enrolment.SecretBase32, codes.Codes);
    }

    /// <summary>Every entry of an audit chain, page by page.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(IGrainFactory grains, string scope, Caller auditor)
    {
        var entries = new List<AuditEntry>();
        while (true)
        {
            var page = await grains.GetGrain<IAuditLogGrain>(scope).Read(auditor, entries.Count == 0 ? 0 : entries[^1].Seq, 200);
            entries.AddRange(page.Entries);
            if (page.Entries.Count == 0 || entries[^1].Seq >= page.LastSeq)
            {
                return entries;
            }
        }
    }

    public static async Task<string> CodeOfAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HubRealtimeException>(call);
        return error.Code;
    }
}

internal sealed record TestUser(string Email, IUserGrain Grain, Caller Caller);
