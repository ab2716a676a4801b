using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Server.Authentication;

namespace HubRealtime.Bench;

/// <summary>
/// Makes a meeting's participants and rooms on a target. HubRealtime: one real account per participant
/// (registered through the user grain, which hashes a password like any registration; done once per
/// bench run in a data directory that every HubRealtime server host copies), a bearer token from the
/// product's token issuer for the session the user grain vouches for (ExternalSession: the token
/// endpoint would verify the password a second time, PBKDF2, which only slows the set-up), and the rooms
/// through the room grains the way an owning grain makes them: breakouts restricted to their members
/// (CreateRestricted, Caller.System); the plenary restricted to everyone when the room member list
/// allows that many (RoomAccess.MaxMembers), else open. Not through the meeting grain: its rules cap a
/// meeting at 1,000 people and a breakout round at 50 rooms, which cannot hold 2,000 people in rooms of
/// about 6. Baseline: user ids only; its rooms are SignalR groups made on join.
/// </summary>
internal static class MeetingSetup
{
    private const string Password = "bench password that is long enough";
    private const string Agency = "bench";
    private const string Scope = "meeting:bench";

    private static string Email(int i) => $"bench-u{i}@bench.hubrealtime.test";

    private static string Name(int i) => $"Bench user {i}";

    public static MeetingSeats Baseline(MeetingPlan plan, Uri server) => new(
        "baseline", server.ToString(), plan.PlenaryRoomId, plan.BreakoutRoomIds,
        [.. Enumerable.Range(0, plan.Participants).Select(i => new MeetingSeat(i, $"bench-u{i}", $"Bench user {i}", null, plan.BreakoutOf(i)))],
        "SignalR groups per room, joined on demand; nothing stored");

    /// <summary>Registers participants 0..count-1 (a password hash each: the slow part, done once per bench run and copied).</summary>
    public static Task RegisterAsync(HubRealtimeTarget target, int count)
    {
        var grains = target.Services.GetRequiredService<IGrainFactory>();
        return Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            await grains.GetGrain<IUserGrain>(Email(i)).Register(Caller.System, new NewAccount(Name(i), Password, Agency, AgencyRole.Member, false, false)));
    }

    /// <summary>Tokens for the (already registered) participants and the meeting's rooms.</summary>
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

        var breakouts = plan.BreakoutRoomIds;
        for (var b = 0; b < breakouts.Length; b++)
        {
            var members = seats.Where(s => s.Breakout == b).Select(s => s.UserId).ToArray();
            await grains.GetGrain<IRoomGrain>(breakouts[b]).CreateRestricted(Caller.System, $"Breakout {b + 1}", new RoomAccess(Scope, members));
        }
        var plenary = grains.GetGrain<IRoomGrain>(plan.PlenaryRoomId);
        string plenaryHow;
        if (plan.Participants <= RoomAccess.MaxMembers)
        {
            await plenary.CreateRestricted(Caller.System, "Plenary", new RoomAccess(Scope, [.. seats.Select(s => s.UserId)]));
            plenaryHow = "plenary restricted to all participants";
        }
        else
        {
            var facilitator = seats[MeetingPlan.Facilitator];
            await plenary.Create(new Caller(facilitator.UserId, facilitator.DisplayName), "Plenary");
            plenaryHow = $"plenary OPEN (a restricted room lists at most {RoomAccess.MaxMembers} members)";
        }
        return new MeetingSeats("hubrealtime", target.BaseAddress.ToString(), plan.PlenaryRoomId, breakouts, seats,
            $"accounts through the user grain, tokens from AccessTokens; breakouts restricted to their members (IRoomGrain.CreateRestricted, Caller.System); {plenaryHow}");
    }
}
