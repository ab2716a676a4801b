using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Abstractions.WorkingGroups;
using HubRealtime.Client;
using HubRealtime.Server.Realtime;
using HubRealtime.Server.Tests.Authentication;
using HubRealtime.Server.Tests.Meetings;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests.Authorization;

/// <summary>The six roles of the matrix, in the column order of its tables.</summary>
public enum Role
{
    Anonymous,
    OtherAgencyMember,
    Member,
    AgencyAdmin,
    HubAdmin,
    GroupOwner,
}

/// <summary>
/// A realistic world on a server of its own with the dev query identity off: agencies A (the home agency), B
/// (another) and C (only for deactivation), and in A an admin, a member, a group owner and a target member;
/// in B a member; a hub admin; working group G owned by the owner with the member as participant (its room
/// wg-G); a pending invitation to A. Admins and the owner use MFA, as their roles require.
/// </summary>
public sealed class MatrixWorld : IAsyncLifetime
{
    private readonly TempDirectory _data = new("hubrealtime-matrix");
    private readonly Dictionary<Role, string> _tokens = [];

    public HubRealtimeServer Server { get; private set; } = null!;

    public IGrainFactory Grains => Server.Grains();

    public string AgencyA { get; } = ApiKitIds.New("ag-a");
    public string AgencyB { get; } = ApiKitIds.New("ag-b");
    public string AgencyC { get; } = ApiKitIds.New("ag-c");
    public string GroupId { get; } = ApiKitIds.New("wg");
    public string RoomId => "wg-" + GroupId;

    public TestUser HubAdmin { get; private set; } = null!;
    public TestUser AdminA { get; private set; } = null!;
    public TestUser MemberA { get; private set; } = null!;
    public TestUser OwnerA { get; private set; } = null!;
    public TestUser TargetA { get; private set; } = null!;
    public TestUser MemberB { get; private set; } = null!;

    /// <summary>An admin of A that only the second-factor entry signs in as (it uses one recovery code per call).</summary>
    public TestUser MfaProbe { get; private set; } = null!;

    public string InvitationToken { get; private set; } = null!;

    public TestUser? UserOf(Role role) => role switch
    {
        Role.Anonymous => null,
        Role.OtherAgencyMember => MemberB,
        Role.Member => MemberA,
        Role.AgencyAdmin => AdminA,
        Role.HubAdmin => HubAdmin,
        Role.GroupOwner => OwnerA,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public async Task InitializeAsync()
    {
        Server = HubRealtimeServer.StartEmbedded(_data.Path);
        HubAdmin = await Server.RegisterAsync("hubadmin", "Hub Admin", hubAdmin: true);
        foreach (var agency in new[] { AgencyA, AgencyB, AgencyC })
        {
            await Grains.GetGrain<IAgencyGrain>(agency).Create(HubAdmin.Caller, new NewAgency("Agency " + agency, "NL", AgencyKind.Police));
        }
        AdminA = await MemberAsync(AgencyA, "admin-a", AgencyRole.Admin);
        MemberA = await MemberAsync(AgencyA, "member-a", AgencyRole.Member);
        OwnerA = await MemberAsync(AgencyA, "owner-a", AgencyRole.Member, mfa: true);
        TargetA = await MemberAsync(AgencyA, "target-a", AgencyRole.Member);
        MemberB = await MemberAsync(AgencyB, "member-b", AgencyRole.Member);
        MfaProbe = await MemberAsync(AgencyA, "mfa-probe", AgencyRole.Admin);
        await Group.Create(OwnerA.Caller, "Matrix group");
        await Group.AddMember(OwnerA.Caller, MemberA.Email, GroupRole.Participant);
        InvitationToken = await InviteAsync();
        foreach (var role in Enum.GetValues<Role>().Where(r => r != Role.Anonymous))
        {
            await RenewAsync(role);
        }
    }

    public IWorkingGroupGrain Group => Grains.GetGrain<IWorkingGroupGrain>(GroupId);

    public async Task<TestUser> MemberAsync(string agencyId, string prefix, AgencyRole role, bool mfa = false)
    {
        var user = await Server.RegisterAsync(prefix, prefix, agencyId, role, mfa: mfa);
        await Grains.GetGrain<IAgencyGrain>(agencyId).AddMember(Caller.System, new AgencyMember(user.Email, user.DisplayName, role, true));
        return user;
    }

    /// <summary>A pending invitation to A for a new address; returns its token.</summary>
    public async Task<string> InviteAsync() =>
        (await Grains.GetGrain<IAgencyGrain>(AgencyA).Invite(AdminA.Caller, TestAccounts.NewEmail("invitee"), AgencyRole.Member, null)).Token;

    public string? TokenOf(Role role) => role == Role.Anonymous ? null : _tokens[role];

    public async Task RenewAsync(Role role) => _tokens[role] = await Server.TokenAsync(UserOf(role)!);

    /// <summary>A client with the role's bearer token (none for anonymous).</summary>
    public HttpClient Http(Role role)
    {
        var http = new HttpClient { BaseAddress = Server.BaseAddress };
        if (TokenOf(role) is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }

    /// <summary>A browser-like client (cookie jar, antiforgery header) that also carries the role's bearer token.</summary>
    public AuthClient Browser(Role role)
    {
        var client = new AuthClient(Server.BaseAddress);
        if (TokenOf(role) is { } token)
        {
            client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _data.Dispose();
    }
}

internal static class ApiKitIds
{
    public static string New(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}

/// <summary>
/// Every HTTP endpoint and every hub method × every role → allowed or denied. Fails when an endpoint or hub
/// method exists without an entry, or an entry names one that no longer exists.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    // Expected outcomes: "2xx" allowed; "<status> <code>" the answer otherwise. Denials: 401 unauthenticated
    // (no identity), 403 forbidden (identified, not allowed), 404 not_a_member (existence hidden). A few
    // self-service calls are sent with a wrong code or password on purpose (they would end the session or
    // change the account): their expected answer is the endpoint's own refusal of that input, which proves
    // the caller got past the edge and was judged as themselves.
    private const string Ok = "2xx";
    private const string U = "401 unauthenticated";
    private const string F = "403 forbidden";
    private const string NotMember = "404 not_a_member";

    private delegate Task<HttpResponseMessage> HttpCall(MatrixWorld w, Role role);

    /// <param name="Expected">Anonymous, other agency's member, member, agency admin, hub admin, group owner.</param>
    private sealed record HttpEntry(string Key, HttpCall Call, string[] Expected, bool EndsSession = false);

    private static HttpEntry E(string key, HttpCall call, params string[] expected) => new(key, call, expected);

    private static readonly HttpEntry[] HttpEntries =
    [
        // Sign-in and tokens: anonymous by design.
        E("GET /api/auth/antiforgery", (w, r) => w.Http(r).GetAsync("/api/auth/antiforgery"), Ok, Ok, Ok, Ok, Ok, Ok),
        E("POST /api/auth/sign-in", (w, r) => w.Browser(r).SignInAsync(w.MemberA.Email, w.MemberA.Password), Ok, Ok, Ok, Ok, Ok, Ok),
        E("POST /api/auth/second-factor", async (w, r) =>
        {
            var browser = w.Browser(r);
            (await browser.SignInAsync(w.MfaProbe.Email, w.MfaProbe.Password)).EnsureSuccessStatusCode();
            return await browser.PostAsync("/api/auth/second-factor", new { code = w.MfaProbe.NextCode() });
        }, Ok, Ok, Ok, Ok, Ok, Ok),
        E("POST /api/auth/token", (w, r) => w.Http(r).PostAsJsonAsync("/api/auth/token", new { email = w.MemberA.Email, password = w.MemberA.Password }), Ok, Ok, Ok, Ok, Ok, Ok),
        // The session's own account.
        E("POST /api/auth/sign-out", (w, r) => w.Http(r).PostAsJsonAsync("/api/auth/sign-out", new { }), U, Ok, Ok, Ok, Ok, Ok),
        new("POST /api/auth/sign-out-everywhere", (w, r) => w.Http(r).PostAsJsonAsync("/api/auth/sign-out-everywhere", new { }), [U, Ok, Ok, Ok, Ok, Ok], EndsSession: true),
        E("GET /api/auth/me", (w, r) => w.Http(r).GetAsync("/api/auth/me"), U, Ok, Ok, Ok, Ok, Ok),
        E("POST /api/auth/password", (w, r) => w.Http(r).PostAsJsonAsync("/api/auth/password", new { currentPassword = "not the current password", newPassword = "an entirely new password 7" }),
            U, "400 invalid_credentials", "400 invalid_credentials", "400 invalid_credentials", "400 invalid_credentials", "400 invalid_credentials"),
        // Members (no MFA) may begin an enrolment; admins and group owners (MFA required) already have it on.
        E("POST /api/auth/mfa/begin", (w, r) => w.Http(r).PostAsJsonAsync("/api/auth/mfa/begin", new { }), U, Ok, Ok, "400 invalid_argument", "400 invalid_argument", "400 invalid_argument"),
        E("POST /api/auth/mfa/confirm", (w, r) => w.Http(r).PostAsJsonAsync("/api/auth/mfa/confirm", new { code = "000000" }),
            U, "400 invalid_credentials", "400 invalid_credentials", "400 invalid_argument", "400 invalid_argument", "400 invalid_argument"),
        E("POST /api/auth/mfa/disable", (w, r) => w.Http(r).PostAsJsonAsync("/api/auth/mfa/disable", new { code = "000000" }),
            U, "400 invalid_argument", "400 invalid_argument", F, F, F),
        E("POST /api/auth/mfa/recovery-codes", (w, r) => w.Http(r).PostAsJsonAsync("/api/auth/mfa/recovery-codes", new { code = "000000" }),
            U, "400 invalid_argument", "400 invalid_argument", "400 invalid_credentials", "400 invalid_credentials", "400 invalid_credentials"),

        // Rooms: any member may open a room; a working group's room is for its members only.
        E("POST /api/rooms", (w, r) => w.Http(r).PostAsJsonAsync("/api/rooms", new { roomId = Rooms.NewId(), title = "Open room" }), U, Ok, Ok, Ok, Ok, Ok),
        E("GET /api/rooms/{roomId}", (w, r) => w.Http(r).GetAsync($"/api/rooms/{w.RoomId}"), U, F, Ok, F, F, Ok),
        // A note's export is read access to its room, as opening the note is.
        E("GET /api/rooms/{roomId}/notes/{doc}/export", (w, r) => w.Http(r).GetAsync($"/api/rooms/{w.RoomId}/notes/main/export?format=markdown"), U, F, Ok, F, F, Ok),

        // Agencies: hub admins run them; agency admins their own; members read their own.
        E("GET /api/agencies", (w, r) => w.Http(r).GetAsync("/api/agencies"), U, F, F, F, Ok, F),
        E("POST /api/agencies", (w, r) => w.Http(r).PostAsJsonAsync("/api/agencies", new { agencyId = ApiKitIds.New("ag-new"), name = "New agency", country = "BE", kind = "police" }), U, F, F, F, Ok, F),
        E("GET /api/agencies/{agencyId}", (w, r) => w.Http(r).GetAsync($"/api/agencies/{w.AgencyA}"), U, F, Ok, Ok, Ok, Ok),
        E("GET /api/agencies/{agencyId}/members", (w, r) => w.Http(r).GetAsync($"/api/agencies/{w.AgencyA}/members"), U, F, F, Ok, Ok, F),
        E("POST /api/agencies/{agencyId}/invitations", (w, r) => w.Http(r).PostAsJsonAsync($"/api/agencies/{w.AgencyA}/invitations", new { email = TestAccounts.NewEmail("invited"), role = "member" }), U, F, F, Ok, Ok, F),
        E("GET /api/agencies/{agencyId}/invitations", (w, r) => w.Http(r).GetAsync($"/api/agencies/{w.AgencyA}/invitations"), U, F, F, Ok, Ok, F),
        E("DELETE /api/agencies/{agencyId}/invitations/{invitationId}", async (w, r) =>
        {
            var issued = await w.Grains.GetGrain<IAgencyGrain>(w.AgencyA).Invite(w.AdminA.Caller, TestAccounts.NewEmail("revoked"), AgencyRole.Member, null);
            return await w.Http(r).DeleteAsync($"/api/agencies/{w.AgencyA}/invitations/{issued.Invitation.InvitationId}");
        }, U, F, F, Ok, Ok, F),
        E("POST /api/agencies/{agencyId}/deactivate", async (w, r) =>
        {
            var response = await w.Http(r).PostAsJsonAsync($"/api/agencies/{w.AgencyC}/deactivate", new { });
            await w.Grains.GetGrain<IAgencyGrain>(w.AgencyC).SetActive(w.HubAdmin.Caller, true);
            return response;
        }, U, F, F, F, Ok, F),
        E("POST /api/agencies/{agencyId}/reactivate", async (w, r) =>
        {
            var agency = w.Grains.GetGrain<IAgencyGrain>(w.AgencyC);
            await agency.SetActive(w.HubAdmin.Caller, false);
            var response = await w.Http(r).PostAsJsonAsync($"/api/agencies/{w.AgencyC}/reactivate", new { });
            await agency.SetActive(w.HubAdmin.Caller, true);
            return response;
        }, U, F, F, F, Ok, F),

        // Users: a hub admin, or an admin of the user's agency.
        E("GET /api/users/{email}", (w, r) => w.Http(r).GetAsync($"/api/users/{w.TargetA.Email}"), U, F, F, Ok, Ok, F),
        E("POST /api/users/{email}/status", (w, r) => w.Http(r).PostAsJsonAsync($"/api/users/{w.TargetA.Email}/status", new { status = "active" }), U, F, F, Ok, Ok, F),
        E("POST /api/users/{email}/agency-role", (w, r) => w.Http(r).PostAsJsonAsync($"/api/users/{w.TargetA.Email}/agency-role", new { role = "member" }), U, F, F, Ok, Ok, F),

        // Working groups: members read; owners manage; hub admins read; outsiders see nothing.
        E("POST /api/groups", async (w, r) =>
        {
            var groupId = ApiKitIds.New("wg-new");
            var response = await w.Http(r).PostAsJsonAsync("/api/groups", new { groupId, title = "New group" });
            if (response.IsSuccessStatusCode)
            {
                // Owning a group requires MFA: the creator leaves it again, so the later rows see the role unchanged.
                await w.Grains.GetGrain<IWorkingGroupGrain>(groupId).Leave(w.UserOf(r)!.Caller);
            }
            return response;
        }, U, Ok, Ok, Ok, Ok, Ok),
        E("GET /api/groups/mine", (w, r) => w.Http(r).GetAsync("/api/groups/mine"), U, Ok, Ok, Ok, Ok, Ok),
        E("GET /api/groups/{groupId}", (w, r) => w.Http(r).GetAsync($"/api/groups/{w.GroupId}"), U, F, Ok, F, Ok, Ok),
        E("GET /api/groups/{groupId}/members", (w, r) => w.Http(r).GetAsync($"/api/groups/{w.GroupId}/members"), U, F, Ok, F, Ok, Ok),
        E("POST /api/groups/{groupId}/members", async (w, r) =>
        {
            var newcomer = await w.MemberAsync(w.AgencyB, "newcomer", AgencyRole.Member);
            return await w.Http(r).PostAsJsonAsync($"/api/groups/{w.GroupId}/members", new { email = newcomer.Email, role = "participant" });
        }, U, F, F, F, F, Ok),
        E("DELETE /api/groups/{groupId}/members/{email}", async (w, r) =>
        {
            var removable = await w.MemberAsync(w.AgencyB, "removable", AgencyRole.Member);
            await w.Group.AddMember(w.OwnerA.Caller, removable.Email, GroupRole.Participant);
            return await w.Http(r).DeleteAsync($"/api/groups/{w.GroupId}/members/{removable.Email}");
        }, U, F, F, F, F, Ok),
        E("POST /api/groups/{groupId}/leave", async (w, r) =>
        {
            var response = await w.Http(r).PostAsJsonAsync($"/api/groups/{w.GroupId}/leave", new { });
            if (r == Role.Member && response.IsSuccessStatusCode)
            {
                await w.Group.AddMember(w.OwnerA.Caller, w.MemberA.Email, GroupRole.Participant);
            }
            return response;
        }, U, NotMember, Ok, NotMember, NotMember, "409 last_owner"),

        // Meetings (fresh meeting per call, see MatrixMeetings): the hub admin created it and, with the group owner,
        // facilitates; the member participates; the agency admin and the other agency's member are outsiders.
        E("POST /api/meetings", (w, r) => w.Http(r).PostAsJsonAsync("/api/meetings", new
        {
            meetingId = ApiKitIds.New("mx"), title = "New meeting", startsAt = "2026-12-01T09:00:00+04:00", endsAt = "2026-12-01T17:00:00+04:00",
            timeZone = "Asia/Dubai", sessions = new[] { new { sessionId = "s1", title = "Plenary" } },
        }), U, F, F, Ok, Ok, F),
        E("GET /api/meetings/mine", (w, r) => w.Http(r).GetAsync("/api/meetings/mine"), U, Ok, Ok, Ok, Ok, Ok),
        E("GET /api/meetings/{meetingId}", async (w, r) =>
            await w.Http(r).GetAsync($"/api/meetings/{(await MatrixMeetings.CreateAsync(w, BreakoutPhase.None)).MeetingId}"), U, F, Ok, F, Ok, Ok),
        E("POST /api/meetings/{meetingId}/sessions/{sessionId}/breakouts/draft", async (w, r) =>
            await w.Http(r).PostAsJsonAsync(MatrixMeetings.Path((await MatrixMeetings.CreateAsync(w, BreakoutPhase.None)).MeetingId, "breakouts/draft"), new { names = new[] { "A", "B" } }),
            U, F, F, F, Ok, Ok),
        E("POST /api/meetings/{meetingId}/sessions/{sessionId}/breakouts/assign", async (w, r) =>
            await w.Http(r).PostAsJsonAsync(MatrixMeetings.Path((await MatrixMeetings.CreateAsync(w, BreakoutPhase.Draft)).MeetingId, "breakouts/assign"), new { mode = "balanced" }),
            U, F, F, F, Ok, Ok),
        E("POST /api/meetings/{meetingId}/sessions/{sessionId}/breakouts/open", async (w, r) =>
            await w.Http(r).PostAsJsonAsync(MatrixMeetings.Path((await MatrixMeetings.CreateAsync(w, BreakoutPhase.Draft)).MeetingId, "breakouts/open"), new { durationMinutes = 20, warningMinutes = new[] { 5 } }),
            U, F, F, F, Ok, Ok),
        E("POST /api/meetings/{meetingId}/sessions/{sessionId}/breakouts/extend", async (w, r) =>
            await w.Http(r).PostAsJsonAsync(MatrixMeetings.Path((await MatrixMeetings.CreateAsync(w, BreakoutPhase.Open)).MeetingId, "breakouts/extend"), new { minutes = 5 }),
            U, F, F, F, Ok, Ok),
        E("POST /api/meetings/{meetingId}/sessions/{sessionId}/breakouts/move", async (w, r) =>
        {
            var (meetingId, breakouts) = await MatrixMeetings.CreateAsync(w, BreakoutPhase.Open);
            return await w.Http(r).PostAsJsonAsync(MatrixMeetings.Path(meetingId, "breakouts/move"), new { email = w.MemberA.Email, roomId = MatrixMeetings.OtherRoom(breakouts, w.MemberA.Email) });
        }, U, F, F, F, Ok, Ok),
        E("POST /api/meetings/{meetingId}/sessions/{sessionId}/breakouts/close", async (w, r) =>
            await w.Http(r).PostAsJsonAsync(MatrixMeetings.Path((await MatrixMeetings.CreateAsync(w, BreakoutPhase.Open)).MeetingId, "breakouts/close"), new { }),
            U, F, F, F, Ok, Ok),
        // Only participants choose; facilitators are not placed in rooms.
        E("POST /api/meetings/{meetingId}/sessions/{sessionId}/breakouts/choose", async (w, r) =>
        {
            var (meetingId, breakouts) = await MatrixMeetings.CreateAsync(w, BreakoutPhase.Draft, AssignmentMode.SelfSelect);
            return await w.Http(r).PostAsJsonAsync(MatrixMeetings.Path(meetingId, "breakouts/choose"), new { roomId = breakouts.Rooms[0].RoomId });
        }, U, F, Ok, F, F, F),
        E("POST /api/meetings/{meetingId}/sessions/{sessionId}/broadcast", async (w, r) =>
            await w.Http(r).PostAsJsonAsync(MatrixMeetings.Path((await MatrixMeetings.CreateAsync(w, BreakoutPhase.Open)).MeetingId, "broadcast"), new { text = "Back in five" }),
            U, F, F, F, Ok, Ok),
        E("POST /api/meetings/{meetingId}/sessions/{sessionId}/help", async (w, r) =>
            await w.Http(r).PostAsJsonAsync(MatrixMeetings.Path((await MatrixMeetings.CreateAsync(w, BreakoutPhase.Open)).MeetingId, "help"), new { text = "We need a facilitator" }),
            U, F, Ok, F, Ok, Ok),
        // Resolving a help request: facilitators only (the member's own request included).
        E("POST /api/meetings/{meetingId}/sessions/{sessionId}/help/{requestId:int}/resolve", async (w, r) =>
        {
            var (meetingId, _) = await MatrixMeetings.CreateAsync(w, BreakoutPhase.Open);
            var meeting = w.Grains.GetGrain<IMeetingGrain>(meetingId);
            await meeting.RequestHelp(w.MemberA.Caller, MatrixMeetings.Session, "We need a facilitator");
            var requestId = (await meeting.Get(w.HubAdmin.Caller)).Sessions[0].HelpRequests![0].RequestId;
            return await w.Http(r).PostAsJsonAsync(MatrixMeetings.Path(meetingId, $"help/{requestId}/resolve"), new { });
        }, U, F, F, F, Ok, Ok),
        // Roster changes: facilitators only.
        E("POST /api/meetings/{meetingId}/people", async (w, r) =>
            await w.Http(r).PostAsJsonAsync($"/api/meetings/{(await MatrixMeetings.CreateAsync(w, BreakoutPhase.Open)).MeetingId}/people", new { participants = new[] { w.TargetA.Email } }),
            U, F, F, F, Ok, Ok),
        E("DELETE /api/meetings/{meetingId}/people/{email}", async (w, r) =>
            await w.Http(r).DeleteAsync($"/api/meetings/{(await MatrixMeetings.CreateAsync(w, BreakoutPhase.Open)).MeetingId}/people/{Uri.EscapeDataString(w.MemberA.Email)}"),
            U, F, F, F, Ok, Ok),

        // Audit: hub admins, and admins of the agency for its chain.
        E("GET /api/audit/{scope}", (w, r) => w.Http(r).GetAsync($"/api/audit/{Uri.EscapeDataString("agency:" + w.AgencyA)}"), U, F, F, Ok, Ok, F),
        E("GET /api/audit/{scope}/verify", (w, r) => w.Http(r).GetAsync($"/api/audit/{Uri.EscapeDataString("agency:" + w.AgencyA)}/verify"), U, F, F, Ok, Ok, F),

        // The workspace is the caller's own: every identified caller has one.
        E("GET /api/me/workspace", (w, r) => w.Http(r).GetAsync("/api/me/workspace"), U, Ok, Ok, Ok, Ok, Ok),
        E("DELETE /api/me/workspace/rooms/{roomId}", (w, r) => w.Http(r).DeleteAsync($"/api/me/workspace/rooms/{Rooms.NewId()}"), U, Ok, Ok, Ok, Ok, Ok),

        // Invitations: anonymous by design (the token is the credential).
        E("GET /public/invitations/{token}", (w, r) => w.Http(r).GetAsync($"/public/invitations/{w.InvitationToken}"), Ok, Ok, Ok, Ok, Ok, Ok),
        E("POST /public/invitations/{token}/accept", async (w, r) =>
            await w.Http(r).PostAsJsonAsync($"/public/invitations/{await w.InviteAsync()}/accept", new { displayName = "New Member", password = TestAccounts.Password }),
            Ok, Ok, Ok, Ok, Ok, Ok),

        // Health: anonymous.
        E("* /health/live", (w, r) => w.Http(r).GetAsync("/health/live"), Ok, Ok, Ok, Ok, Ok, Ok),
        E("* /health/ready", (w, r) => w.Http(r).GetAsync("/health/ready"), Ok, Ok, Ok, Ok, Ok, Ok),

        // The hub's own endpoints: negotiation, and the connection itself (WebSockets without negotiation).
        E("* /hubs/room/negotiate", (w, r) => w.Http(r).PostAsync("/hubs/room/negotiate?negotiateVersion=1", null), U, Ok, Ok, Ok, Ok, Ok),
        E("* /hubs/room", ConnectAsync, "401", Ok, Ok, Ok, Ok, Ok),
    ];

    /// <summary>Hub methods × roles: "ok", or the typed error code ("401" when the connection itself is refused).</summary>
    private static readonly Dictionary<string, string[]> HubEntries = new()
    {
        //                        anonymous, other agency, member, agency admin, hub admin, group owner
        ["JoinRoom"] = ["401", ErrorCodes.Forbidden, "ok", ErrorCodes.Forbidden, ErrorCodes.Forbidden, "ok"],
        // Leaving a room one is not in does nothing, for anyone identified.
        ["LeaveRoom"] = ["401", "ok", "ok", "ok", "ok", "ok"],
        // A watch is admitted by the room exactly as a join; ending one that is not there does nothing.
        ["WatchRoom"] = ["401", ErrorCodes.Forbidden, "ok", ErrorCodes.Forbidden, ErrorCodes.Forbidden, "ok"],
        ["UnwatchRoom"] = ["401", "ok", "ok", "ok", "ok", "ok"],
        ["SendMessage"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        ["GetHistory"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        ["GetMissed"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        ["Typing"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        ["GetPresence"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        // Edits, deletes and reactions target the member's own fresh message (HubOutcomeAsync sends it first).
        ["EditMessage"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        ["DeleteMessage"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        ["React"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        // The group room is moderated by its owners and facilitators: a participant may not mute.
        ["MuteParticipant"] = ["401", ErrorCodes.NotInRoom, ErrorCodes.Forbidden, ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        // Read positions need no join, but the room decides who may read it.
        ["MarkRead"] = ["401", ErrorCodes.Forbidden, "ok", ErrorCodes.Forbidden, ErrorCodes.Forbidden, "ok"],
        // Watching answers the rooms one may read: refused rooms are left out, never an error.
        ["WatchActivity"] = ["401", "ok", "ok", "ok", "ok", "ok"],
        // A note is opened through its room, held on the connection: refused joins leave nothing to open.
        ["OpenNote"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        ["CloseNote"] = ["401", "ok", "ok", "ok", "ok", "ok"],
        ["SubmitNoteOp"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        ["GetNoteOps"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        ["MoveNoteCursor"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        ["GetNoteHistory"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        ["GetNoteVersion"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        ["RestoreNote"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        ["ListNotes"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        ["CreateNote"] = ["401", ErrorCodes.NotInRoom, "ok", ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
        // Locking is the room's moderators' (the group's owners), not its members'.
        ["LockNote"] = ["401", ErrorCodes.NotInRoom, ErrorCodes.Forbidden, ErrorCodes.NotInRoom, ErrorCodes.NotInRoom, "ok"],
    };

    [Fact]
    public void Every_endpoint_and_hub_method_has_an_entry_and_every_entry_exists()
    {
        var endpoints = world.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => Keys(e))
            .ToHashSet(StringComparer.Ordinal);
        var hubMethods = typeof(RoomHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == typeof(RoomHub))
            .Select(m => m.Name)
            .ToHashSet(StringComparer.Ordinal);
        var entries = HttpEntries.Select(e => e.Key).ToList();

        Assert.Equal(entries.Count, entries.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(endpoints.Except(entries).Order());   // endpoints without an entry
        Assert.Empty(entries.Except(endpoints).Order());   // entries for endpoints that no longer exist
        Assert.Empty(hubMethods.Except(HubEntries.Keys).Order());
        Assert.Empty(HubEntries.Keys.Except(hubMethods).Order());
        Assert.All(HttpEntries, e => Assert.Equal(6, e.Expected.Length));
        Assert.All(HubEntries.Values, e => Assert.Equal(6, e.Length));
    }

    [Fact]
    public async Task Every_endpoint_answers_every_role_as_the_matrix_says()
    {
        var mismatches = new List<string>();
        foreach (var role in Enum.GetValues<Role>())
        {
            foreach (var entry in HttpEntries)
            {
                var expected = entry.Expected[(int)role];
                string actual;
                try
                {
                    using var response = await entry.Call(world, role);
                    actual = await OutcomeAsync(response);
                }
                catch (Exception error) when (error is HttpRequestException or InvalidOperationException or HubRealtimeException)
                {
                    actual = "threw " + error.GetType().Name + ": " + error.Message;
                }
                if (actual != expected)
                {
                    mismatches.Add($"{entry.Key} as {role}: expected {expected}, got {actual}");
                }
                if (entry.EndsSession && actual == Ok)
                {
                    await world.RenewAsync(role);
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public async Task Every_hub_method_answers_every_role_as_the_matrix_says()
    {
        var mismatches = new List<string>();
        foreach (var role in Enum.GetValues<Role>())
        {
            foreach (var (method, expectations) in HubEntries)
            {
                var expected = expectations[(int)role];
                var actual = await HubOutcomeAsync(role, method);
                if (actual != expected)
                {
                    mismatches.Add($"{method} as {role}: expected {expected}, got {actual}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/favicon.svg")]
    public async Task Static_assets_are_served_anonymously(string path)
    {
        using var http = world.Http(Role.Anonymous);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(path)).StatusCode);
    }

    private async Task<string> HubOutcomeAsync(Role role, string method)
    {
        var client = RoomHubClient.Create(world.Server.BaseAddress, () => Task.FromResult(world.TokenOf(role)));
        await using (client)
        {
            try
            {
                await client.StartAsync();
            }
            catch (HttpRequestException error)
            {
                return ((int?)error.StatusCode)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? error.Message;
            }
            catch (System.Net.WebSockets.WebSocketException error)
            {
                return error.Message.Contains("'401'", StringComparison.Ordinal) ? "401" : error.Message;
            }
            var roomId = world.RoomId;
            try
            {
                if (method != "JoinRoom")
                {
                    // Callers try to join first, so that a refusal of the room methods is the consequence of a refused join.
                    try
                    {
                        await client.JoinRoomAsync(roomId);
                    }
                    catch (HubRealtimeException)
                    {
                    }
                }
                await (method switch
                {
                    "JoinRoom" => client.JoinRoomAsync(roomId),
                    "LeaveRoom" => client.LeaveRoomAsync(roomId),
                    "WatchRoom" => client.WatchRoomAsync(roomId),
                    "UnwatchRoom" => client.UnwatchRoomAsync(roomId),
                    // A reply to the member's own fresh message covers both forms of SendMessage.
                    "SendMessage" => OnOwnMessageAsync(seq => client.SendMessageAsync(roomId, Guid.NewGuid().ToString("N"), "reply", seq)),
                    "GetHistory" => client.GetHistoryAsync(roomId, 0, 10),
                    "GetMissed" => client.GetMissedAsync(roomId, 0, 10),
                    "Typing" => client.TypingAsync(roomId),
                    "GetPresence" => client.GetPresenceAsync(roomId),
                    "EditMessage" => OnOwnMessageAsync(seq => client.EditMessageAsync(roomId, seq, "edited")),
                    "DeleteMessage" => OnOwnMessageAsync(seq => client.DeleteMessageAsync(roomId, seq)),
                    "React" => OnOwnMessageAsync(seq => client.ReactAsync(roomId, seq, "👍", true)),
                    "MuteParticipant" => client.MuteParticipantAsync(roomId, "someone@example.org", true),
                    "MarkRead" => client.MarkReadAsync(roomId, 1),
                    "WatchActivity" => client.WatchActivityAsync([roomId]),
                    "OpenNote" => client.OpenNoteAsync(roomId),
                    "ListNotes" => client.ListNotesAsync(roomId),
                    "CreateNote" => client.CreateNoteAsync(roomId, "doc-" + Guid.NewGuid().ToString("N")[..8], "Minutes"),
                    "CloseNote" => client.CloseNoteAsync(NoteId.Of(roomId, NoteId.Main)),
                    "SubmitNoteOp" => OnOpenNoteAsync(async (noteId, rev) => await client.SubmitNoteOpAsync(noteId, new NoteSubmission(Guid.NewGuid().ToString("N"), 1, rev, new DeltaBuilder().Insert("x").Build()))),
                    "GetNoteOps" => OnOpenNoteAsync((noteId, _) => client.GetNoteOpsAsync(noteId, 0, 10)),
                    "MoveNoteCursor" => OnOpenNoteAsync((noteId, rev) => client.MoveNoteCursorAsync(noteId, new NoteSelection(rev, 0, 0))),
                    "GetNoteHistory" => OnOpenNoteAsync((noteId, _) => client.GetNoteHistoryAsync(noteId)),
                    "GetNoteVersion" => OnOpenNoteAsync((noteId, rev) => client.GetNoteVersionAsync(noteId, rev)),
                    "RestoreNote" => OnOpenNoteAsync(async (noteId, rev) =>
                    {
                        var ack = await client.SubmitNoteOpAsync(noteId, new NoteSubmission(Guid.NewGuid().ToString("N"), 1, rev, new DeltaBuilder().Insert("y").Build()));
                        await client.RestoreNoteAsync(noteId, ack.Rev - 1);
                    }),
                    "LockNote" => OnOpenNoteAsync((noteId, _) => client.LockNoteAsync(noteId, false)),
                    _ => throw new InvalidOperationException($"No call for hub method {method}."),
                });
                return "ok";
            }
            catch (HubRealtimeException error)
            {
                return error.Code;
            }

            // Note calls act on the room's note as the caller opened it; a caller refused the room could not open it.
            async Task OnOpenNoteAsync(Func<string, long, Task> call)
            {
                var noteId = NoteId.Of(roomId, NoteId.Main);
                long rev = 0;
                try
                {
                    rev = (await client.OpenNoteAsync(roomId)).Rev;
                }
                catch (HubRealtimeException)
                {
                }
                await call(noteId, rev);
            }

            // Changes act on a message of the caller's own; a caller refused the room is refused at its send already.
            async Task OnOwnMessageAsync(Func<long, Task> change) =>
                await change((await client.SendMessageAsync(roomId, Guid.NewGuid().ToString("N"), "target")).Seq);
        }
    }

    private static async Task<HttpResponseMessage> ConnectAsync(MatrixWorld w, Role role)
    {
        var client = RoomHubClient.Create(w.Server.BaseAddress, () => Task.FromResult(w.TokenOf(role)), HttpTransportType.WebSockets);
        await using (client)
        {
            try
            {
                await client.StartAsync();
                return new HttpResponseMessage(HttpStatusCode.OK);
            }
            catch (HttpRequestException error) when (error.StatusCode is { } status)
            {
                return new HttpResponseMessage(status);
            }
            catch (System.Net.WebSockets.WebSocketException error) when (error.Message.Contains("'401'", StringComparison.Ordinal))
            {
                return new HttpResponseMessage(HttpStatusCode.Unauthorized);
            }
        }
    }

    private static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return Ok;
        }
        var body = await response.Content.ReadAsStringAsync();
        string? code = null;
        if (body.Length > 0 && body.TrimStart().StartsWith('{'))
        {
            using var json = JsonDocument.Parse(body);
            code = json.RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
        }
        return code is null ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{status} {code}";
    }

    /// <summary>"METHOD pattern" for each method of an endpoint ("*" when it takes any method); OPTIONS-only preflight entries are skipped.</summary>
    private static IEnumerable<string> Keys(RouteEndpoint endpoint)
    {
        var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
        var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods;
        if (methods is null || methods.Count == 0)
        {
            yield return "* " + pattern;
            yield break;
        }
        foreach (var method in methods.Where(m => m != "OPTIONS"))
        {
            yield return method + " " + pattern;
        }
    }
}
