using System.Net.Http.Headers;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Server.Authentication;
using OtpNet;

namespace HubRealtime.Bench;

/// <summary>
/// Makes a meeting's participants and rooms on a target. HubRealtime: one real account per participant
/// (registered through the user grain, which hashes a password like any registration; done once per
/// bench run in a data directory that every HubRealtime server host copies), a bearer token from the
/// product's token issuer for the session the user grain vouches for (ExternalSession: the token
/// endpoint would verify the password a second time, PBKDF2, which only slows the set-up). The meeting
/// itself goes through the product's HTTP API as a hub admin (<see cref="MeetingApi"/>): create with
/// every participant, draft the plan's breakouts, place everyone manually per the bench's seat plan,
/// open for the longest duration; the plenary and breakout room ids come from the answer.
/// Baseline: user ids only; its rooms are SignalR groups made on join.
/// </summary>
internal static class MeetingSetup
{
    private const string Password = "bench password that is long enough";
    private const string Agency = "bench";
    private const string AdminEmail = "bench-admin@bench.hubrealtime.test";

    private static string Email(int i) => $"bench-u{i}@bench.hubrealtime.test";

    private static string Name(int i) => $"Bench user {i}";

    public static MeetingSeats Baseline(MeetingPlan plan, Uri server) => new(
        "baseline", server.ToString(), plan.PlenaryRoomId, plan.BreakoutRoomIds,
        [.. Enumerable.Range(0, plan.Participants).Select(i => new MeetingSeat(i, $"bench-u{i}", $"Bench user {i}", null, plan.BreakoutOf(i)))],
        "SignalR groups per room, joined on demand; nothing stored");

    /// <summary>Registers participants 0..count-1 and the hub admin (a password hash each: the slow part, done once per bench run and copied).</summary>
    public static async Task RegisterAsync(HubRealtimeTarget target, int count)
    {
        var grains = target.Services.GetRequiredService<IGrainFactory>();
        await EnsureAdminAsync(grains);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            await grains.GetGrain<IUserGrain>(Email(i)).Register(Caller.System, new NewAccount(Name(i), Password, Agency, AgencyRole.Member, false, false)));
    }

    /// <summary>
    /// The hub admin who creates the meeting, with the TOTP enrolment hub admins need before any call
    /// (an accounts cache made before the meeting went through the API has no admin yet).
    /// </summary>
    private static async Task EnsureAdminAsync(IGrainFactory grains)
    {
        var admin = grains.GetGrain<IUserGrain>(AdminEmail);
        var self = new Caller(AdminEmail, "Bench hub admin");
        var profile = await admin.Exists(Caller.System)
            ? await admin.GetProfile(Caller.System)
            : await admin.Register(Caller.System, new NewAccount(self.DisplayName, Password, null, AgencyRole.Member, true, false));
        if (profile.MfaRequired && !profile.MfaEnabled)
        {
            var enrolment = await admin.BeginMfaEnrolment(self);
            await admin.ConfirmMfaEnrolment(self, new Totp(Base32Encoding.ToBytes(enrolment.SecretBase32)).ComputeTotp(DateTime.UtcNow));
        }
    }

    /// <summary>Tokens for the (already registered) participants; the meeting through the product's API.</summary>
    public static async Task<MeetingSeats> HubRealtimeAsync(MeetingPlan plan, HubRealtimeTarget target)
    {
        var grains = target.Services.GetRequiredService<IGrainFactory>();
        var tokens = target.Services.GetRequiredService<AccessTokens>();
        var seats = new MeetingSeat[plan.Participants];
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.Participants), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var session = await grains.GetGrain<IUserGrain>(Email(i)).ExternalSession(Caller.System) ?? throw new InvalidOperationException($"no account {Email(i)}");
            seats[i] = new MeetingSeat(i, session.Profile.Email, Name(i), tokens.Issue(session), plan.BreakoutOf(i));
        });

        await EnsureAdminAsync(grains);
        var adminSession = await grains.GetGrain<IUserGrain>(AdminEmail).ExternalSession(Caller.System) ?? throw new InvalidOperationException("no bench admin");
        using var http = new HttpClient { BaseAddress = target.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue(adminSession));
        var (plenary, breakouts, how) = await new MeetingApi(http, $"bench{plan.Participants}").CreateAsync(plan, seats);
        return new MeetingSeats("hubrealtime", target.BaseAddress.ToString(), plenary, breakouts, seats,
            $"accounts through the user grain, tokens from AccessTokens; {how}");
    }
}
