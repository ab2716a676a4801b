using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using static HubRealtime.Grains.Tests.Accounts.TestAccounts;

namespace HubRealtime.Grains.Tests.Accounts;

/// <summary>
/// Every IUserGrain method with a caller × every kind of caller. A call is allowed when it does not
/// fail with forbidden or unauthenticated (it may fail for another reason, like a wrong code).
/// </summary>
[Collection(RoomClusterCollection.Name)]
public sealed class AuthorizationTests(RoomClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    public enum Who
    {
        Anonymous,
        Stranger,
        Self,
        SameAgencyMember,
        SameAgencyAdmin,
        OtherAgencyAdmin,
        HubAdmin,
        System,
    }

    /// <summary>Each call is harmless for the target when allowed: no-op changes, wrong codes (fewer than the lockout), or reads.</summary>
    private static readonly Dictionary<string, (Func<IUserGrain, Caller, Task> Call, Who[] Allowed)> Matrix = new()
    {
        ["Register"] = ((g, c) => g.Register(c, new NewAccount("X", "another long passphrase", "agency-x", AgencyRole.Member, false, false)), [Who.System]),
        ["Exists"] = ((g, c) => g.Exists(c), [Who.System]),
        ["ExternalSession"] = ((g, c) => g.ExternalSession(c), [Who.System]),
        ["GetProfile"] = ((g, c) => g.GetProfile(c), [Who.Self, Who.SameAgencyAdmin, Who.HubAdmin, Who.System]),
        ["ChangePassword"] = ((g, c) => g.ChangePassword(c, "not the password", "another long passphrase"), [Who.Self]),
        ["SignOutEverywhere"] = ((g, c) => g.SignOutEverywhere(c), [Who.Self]),
        ["BeginMfaEnrolment"] = ((g, c) => g.BeginMfaEnrolment(c), [Who.Self]),
        ["ConfirmMfaEnrolment"] = ((g, c) => g.ConfirmMfaEnrolment(c, "abcdef"), [Who.Self]),
        ["DisableMfa"] = ((g, c) => g.DisableMfa(c, "000000"), [Who.Self]),
        ["RegenerateRecoveryCodes"] = ((g, c) => g.RegenerateRecoveryCodes(c, "000000"), [Who.Self]),
        ["SetStatus"] = ((g, c) => g.SetStatus(c, UserStatus.Active), [Who.SameAgencyAdmin, Who.HubAdmin]),
        ["SetAgencyActive"] = ((g, c) => g.SetAgencyActive(c, true), [Who.System]),
        ["SetAgencyRole"] = ((g, c) => g.SetAgencyRole(c, AgencyRole.Member), [Who.SameAgencyAdmin, Who.HubAdmin]),
        ["SetHubAdmin"] = ((g, c) => g.SetHubAdmin(c, false), [Who.HubAdmin]),
        ["ListGroups"] = ((g, c) => g.ListGroups(c), [Who.Self]),
        ["SetGroupMembership"] = ((g, c) => g.SetGroupMembership(c, "wg-none", false), [Who.System]),
        ["SetLeadRole"] = ((g, c) => g.SetLeadRole(c, "group:wg-none", false), [Who.System]),
    };

    public static TheoryData<string> Methods() => [.. Matrix.Keys];

    [Fact]
    public void The_matrix_covers_every_method_that_takes_a_caller()
    {
        var withCaller = typeof(IUserGrain).GetMethods()
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(Caller)))
            .Select(m => m.Name);

        Assert.Equal(withCaller.Order(), Matrix.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Only_the_allowed_callers_get_through(string method)
    {
        var agency = NewAgency();
        var target = await RegisterAsync(Grains, agency);
        var callers = new Dictionary<Who, Caller>
        {
            [Who.Anonymous] = new Caller("", ""),
            [Who.Stranger] = CallerOf(NewEmail("stranger")),
            [Who.Self] = target.Caller,
            [Who.SameAgencyMember] = (await RegisterAsync(Grains, agency)).Caller,
            [Who.SameAgencyAdmin] = (await RegisterAsync(Grains, agency, AgencyRole.Admin)).Caller,
            [Who.OtherAgencyAdmin] = (await RegisterAsync(Grains, NewAgency(), AgencyRole.Admin)).Caller,
            [Who.HubAdmin] = (await HubAdminAsync(Grains)).Caller,
            [Who.System] = Caller.System,
        };
        var (call, allowed) = Matrix[method];

        foreach (var (who, caller) in callers)
        {
            var outcome = await OutcomeAsync(() => call(target.Grain, caller));
            if (allowed.Contains(who))
            {
                Assert.True(outcome is not (ErrorCodes.Forbidden or ErrorCodes.Unauthenticated), $"{method} by {who} was refused: {outcome}");
            }
            else
            {
                Assert.True(outcome is ErrorCodes.Forbidden or ErrorCodes.Unauthenticated, $"{method} by {who} was not refused: {outcome}");
            }
        }
        var nobody = await OutcomeAsync(() => call(target.Grain, null!));
        Assert.True(nobody is ErrorCodes.Forbidden or ErrorCodes.Unauthenticated, $"{method} without a caller was not refused: {nobody}");
    }

    [Fact]
    public async Task Administrators_cannot_act_on_themselves()
    {
        var agencyAdmin = await RegisterAsync(Grains, NewAgency(), AgencyRole.Admin);
        var hubAdmin = await HubAdminAsync(Grains);

        Assert.Equal(ErrorCodes.Forbidden, await CodeOfAsync(() => agencyAdmin.Grain.SetStatus(agencyAdmin.Caller, UserStatus.Deactivated)));
        Assert.Equal(ErrorCodes.Forbidden, await CodeOfAsync(() => agencyAdmin.Grain.SetAgencyRole(agencyAdmin.Caller, AgencyRole.Member)));
        Assert.Equal(ErrorCodes.Forbidden, await CodeOfAsync(() => hubAdmin.Grain.SetHubAdmin(hubAdmin.Caller, false)));
        Assert.Equal(ErrorCodes.Forbidden, await CodeOfAsync(() => hubAdmin.Grain.SetStatus(hubAdmin.Caller, UserStatus.Deactivated)));
        Assert.True((await hubAdmin.Grain.GetProfile(Caller.System)).IsHubAdmin);
        Assert.Equal(AgencyRole.Admin, (await agencyAdmin.Grain.GetProfile(Caller.System)).AgencyRole);
    }

    [Fact]
    public async Task An_agency_admin_cannot_touch_a_hub_admin_of_the_same_agency()
    {
        var agency = NewAgency();
        var agencyAdmin = await RegisterAsync(Grains, agency, AgencyRole.Admin);
        var hubAdminMember = await RegisterAsync(Grains, agency, hubAdmin: true);

        Assert.Equal(ErrorCodes.Forbidden, await CodeOfAsync(() => hubAdminMember.Grain.SetStatus(agencyAdmin.Caller, UserStatus.Deactivated)));
        Assert.Equal(ErrorCodes.Forbidden, await CodeOfAsync(() => hubAdminMember.Grain.SetAgencyRole(agencyAdmin.Caller, AgencyRole.Admin)));
        Assert.Equal(ErrorCodes.Forbidden, await CodeOfAsync(() => hubAdminMember.Grain.SetHubAdmin(agencyAdmin.Caller, false)));
        Assert.Equal(UserStatus.Active, (await hubAdminMember.Grain.GetProfile(Caller.System)).Status);
    }

    [Fact]
    public async Task A_deactivated_or_demoted_admin_loses_their_powers_at_once()
    {
        var agency = NewAgency();
        var member = await RegisterAsync(Grains, agency);
        var admin = await RegisterAsync(Grains, agency, AgencyRole.Admin);
        var hubAdmin = await HubAdminAsync(Grains);
        await member.Grain.GetProfile(admin.Caller);

        await admin.Grain.SetAgencyRole(hubAdmin.Caller, AgencyRole.Member);
        Assert.Equal(ErrorCodes.Forbidden, await CodeOfAsync(() => member.Grain.GetProfile(admin.Caller)));

        await admin.Grain.SetAgencyRole(hubAdmin.Caller, AgencyRole.Admin);
        await admin.Grain.SetStatus(hubAdmin.Caller, UserStatus.Deactivated);
        Assert.Equal(ErrorCodes.Forbidden, await CodeOfAsync(() => member.Grain.SetStatus(admin.Caller, UserStatus.Deactivated)));
        Assert.Equal(ErrorCodes.Forbidden, await CodeOfAsync(() => admin.Grain.GetProfile(admin.Caller)));
    }

    [Fact]
    public async Task A_hub_admin_reading_an_unknown_user_gets_not_found_and_an_agency_admin_gets_forbidden()
    {
        var hubAdmin = await HubAdminAsync(Grains);
        var agencyAdmin = await RegisterAsync(Grains, NewAgency(), AgencyRole.Admin);
        var unknown = Grains.GetGrain<IUserGrain>(NewEmail());

        Assert.Equal(ErrorCodes.UserNotFound, await CodeOfAsync(() => unknown.GetProfile(hubAdmin.Caller)));
        Assert.Equal(ErrorCodes.UserNotFound, await CodeOfAsync(() => unknown.GetProfile(Caller.System)));
        Assert.Equal(ErrorCodes.Forbidden, await CodeOfAsync(() => unknown.GetProfile(agencyAdmin.Caller)));
    }

    [Fact]
    public async Task Two_admins_reading_each_other_at_once_do_not_deadlock()
    {
        var first = await HubAdminAsync(Grains);
        var second = await HubAdminAsync(Grains);

        // Each grain asks the other about its caller while the other does the same.
        var reads = Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? first.Grain.GetProfile(second.Caller)
            : second.Grain.GetProfile(first.Caller));
        var profiles = await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(20, profiles.Length);
    }

    private static async Task<string> OutcomeAsync(Func<Task> call)
    {
        try
        {
            await call();
            return "ok";
        }
        catch (HubRealtimeException error)
        {
            return error.Code;
        }
    }
}
