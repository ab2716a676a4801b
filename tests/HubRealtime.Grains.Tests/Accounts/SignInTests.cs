using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using static HubRealtime.Grains.Tests.Accounts.TestAccounts;

namespace HubRealtime.Grains.Tests.Accounts;

[Collection(RoomClusterCollection.Name)]
public sealed class SignInTests(RoomClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_registered_member_signs_in_with_a_session_that_validates()
    {
        var agency = NewAgency();
        var user = await RegisterAsync(Grains, agency);

        var result = await user.Grain.CheckPassword(Password);

        Assert.Equal(SignInOutcome.Succeeded, result.Outcome);
        var session = Assert.IsType<SessionInfo>(result.Session);
        Assert.Equal(43, session.SecurityStamp.Length); // 32 bytes, base64url
        Assert.Equal(new UserProfile(user.Email, DisplayName, agency, AgencyRole.Member, false, UserStatus.Active, false, false, false,
            RoomClusterFixture.Clock.GetUtcNow()), session.Profile);
        Assert.Equal(session, await user.Grain.ValidateSession(session.SecurityStamp));
        Assert.Null(await user.Grain.ValidateSession(session.SecurityStamp[..^1] + (session.SecurityStamp[^1] == 'A' ? 'B' : 'A')));
        Assert.Null(await user.Grain.ValidateSession(""));
        Assert.True(await user.Grain.Exists(Caller.System));
    }

    [Fact]
    public async Task An_external_sign_in_gets_the_current_session_of_an_active_account_only()
    {
        var user = await RegisterAsync(Grains, NewAgency());
        var password = await user.Grain.CheckPassword(Password);

        var external = await user.Grain.ExternalSession(Caller.System);
        var unknown = await Grains.GetGrain<IUserGrain>(NewEmail("nobody")).ExternalSession(Caller.System);
        await user.Grain.SetStatus((await HubAdminAsync(Grains)).Caller, UserStatus.Deactivated);
        var deactivated = await user.Grain.ExternalSession(Caller.System);

        Assert.Equal(password.Session, external);
        Assert.Null(unknown);
        Assert.Null(deactivated);
    }

    [Fact]
    public async Task Register_refuses_an_existing_account_a_bad_key_and_bad_names()
    {
        var user = await RegisterAsync(Grains, NewAgency());
        var account = new NewAccount("Someone", Password, NewAgency(), AgencyRole.Member, false, false);

        Assert.Equal(ErrorCodes.AccountExists, await CodeOfAsync(() => user.Grain.Register(Caller.System, account)));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOfAsync(() => Grains.GetGrain<IUserGrain>("Not.Normalized@Agency.Example").Register(Caller.System, account)));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOfAsync(() => Grains.GetGrain<IUserGrain>("no-at-sign").Register(Caller.System, account)));
        foreach (var name in new[] { "", "   ", new string('n', 81), "Ann\u0007", "Ann\u202Eeve" })
        {
            Assert.Equal(ErrorCodes.InvalidArgument, await CodeOfAsync(() => Grains.GetGrain<IUserGrain>(NewEmail()).Register(Caller.System, account with { DisplayName = name })));
        }
        // A member without agency, or an agency admin without agency, is refused; a hub admin may have none.
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOfAsync(() => Grains.GetGrain<IUserGrain>(NewEmail()).Register(Caller.System, account with { AgencyId = null })));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOfAsync(() => Grains.GetGrain<IUserGrain>(NewEmail()).Register(Caller.System, account with { AgencyId = "Bad Agency" })));
        var admin = await Grains.GetGrain<IUserGrain>(NewEmail()).Register(Caller.System, account with { AgencyId = null, IsHubAdmin = true });
        Assert.True(admin.IsHubAdmin);
        Assert.True(admin.MfaRequired);
        Assert.False(await Grains.GetGrain<IUserGrain>(NewEmail()).Exists(Caller.System));
    }

    [Theory]
    [InlineData("short-pass1")] // 11 characters
    [InlineData("            ")] // white space only
    [InlineData("jane.doe-policy")] // is the e-mail's local part
    [InlineData("my JANE.DOE-POLICY secret")] // contains it, any case
    [InlineData("Jane Policy-Doe")] // is the display name
    [InlineData("xx jane policy-doe 2026")] // contains it, any case
    [InlineData("jane.doe-policy@agency.example")] // is the whole address
    public async Task The_password_policy_refuses(string password)
    {
        var grain = Grains.GetGrain<IUserGrain>("jane.doe-policy@agency.example");

        var code = await CodeOfAsync(() => grain.Register(Caller.System, new NewAccount("Jane Policy-Doe", password, NewAgency(), AgencyRole.Member, false, false)));

        Assert.Equal(ErrorCodes.PasswordPolicy, code);
        Assert.False(await grain.Exists(Caller.System));
    }

    [Fact]
    public async Task The_password_policy_accepts_12_to_256_characters_and_refuses_longer()
    {
        var account = new NewAccount("Bo", "", NewAgency(), AgencyRole.Member, false, false);

        // "Bo" is too short a name to refuse every password containing it; only the exact name is refused.
        await Grains.GetGrain<IUserGrain>(NewEmail()).Register(Caller.System, account with { Password = "twelve-bo-ok" });
        await Grains.GetGrain<IUserGrain>(NewEmail()).Register(Caller.System, account with { Password = new string('p', AccountLimits.MaxPasswordLength) });
        Assert.Equal(ErrorCodes.PasswordPolicy, await CodeOfAsync(() =>
            Grains.GetGrain<IUserGrain>(NewEmail()).Register(Caller.System, account with { Password = new string('p', AccountLimits.MaxPasswordLength + 1) })));
    }

    [Fact]
    public async Task An_unknown_account_and_a_wrong_password_answer_the_same()
    {
        var user = await RegisterAsync(Grains, NewAgency());

        var nobody = NewEmail();
        var unknown = await Grains.GetGrain<IUserGrain>(nobody).CheckPassword(Password);
        var wrong = await user.Grain.CheckPassword("not the password at all");

        Assert.Equal(new SignInResult(SignInOutcome.InvalidCredentials, null, null), unknown);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, await user.Grain.CheckPassword(null!));
        var hubAudit = await ReadAuditAsync(Grains, AuditScope.Hub, (await HubAdminAsync(Grains)).Caller);
        var probe = Assert.Single(hubAudit, e => e.Target == nobody);
        Assert.Equal((AuditActions.SignInFailed, "no such account"), (probe.Action, probe.Details));
        Assert.False(await Grains.GetGrain<IUserGrain>(nobody).Exists(Caller.System));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_15_minutes_and_are_audited()
    {
        var agency = NewAgency();
        var user = await RegisterAsync(Grains, agency);
        var hubAdmin = await HubAdminAsync(Grains);

        for (var i = 1; i < AccountLimits.MaxFailedAttempts; i++)
        {
            Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckPassword($"wrong password {i}")).Outcome);
        }
        var lockedAt = RoomClusterFixture.Clock.GetUtcNow();
        var fifth = await user.Grain.CheckPassword("wrong password 5");
        Assert.Equal(new SignInResult(SignInOutcome.LockedOut, null, lockedAt + AccountLimits.LockoutDuration), fifth);

        // Locked: even the right password is refused, without a new count.
        RoomClusterFixture.Clock.Advance(AccountLimits.LockoutDuration - TimeSpan.FromSeconds(1));
        Assert.Equal(fifth, await user.Grain.CheckPassword(Password));

        RoomClusterFixture.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SignInOutcome.Succeeded, (await user.Grain.CheckPassword(Password)).Outcome);

        var audit = await ReadAuditAsync(Grains, AuditScope.Agency(agency), hubAdmin.Caller);
        Assert.Equal(
            [.. Enumerable.Repeat(AuditActions.SignInFailed, 5), AuditActions.LockedOut, AuditActions.SignIn],
            audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal((user.Email, user.Email), (e.Actor, e.Target)));
        Assert.All(audit, e => Assert.DoesNotContain("password 5", e.Details, StringComparison.Ordinal));
        Assert.All(audit, e => Assert.DoesNotContain(Password, e.Details, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_right_password_resets_the_failure_count()
    {
        var user = await RegisterAsync(Grains, NewAgency());

        for (var round = 0; round < 2; round++)
        {
            for (var i = 1; i < AccountLimits.MaxFailedAttempts; i++)
            {
                Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckPassword("wrong password")).Outcome);
            }
            Assert.Equal(SignInOutcome.Succeeded, (await user.Grain.CheckPassword(Password)).Outcome);
        }
    }

    [Fact]
    public async Task Changing_the_password_rotates_the_stamp_and_clears_must_change()
    {
        var user = Grains.GetGrain<IUserGrain>(NewEmail());
        var email = user.GetPrimaryKeyString();
        await user.Register(Caller.System, new NewAccount("First Admin", Password, null, AgencyRole.Member, true, MustChangePassword: true));
        var first = (await user.CheckPassword(Password)).Session!;
        Assert.True(first.Profile.MustChangePassword);

        var changed = await user.ChangePassword(CallerOf(email), Password, "a brand new passphrase");

        Assert.False(changed.Profile.MustChangePassword);
        Assert.NotEqual(first.SecurityStamp, changed.SecurityStamp);
        Assert.Null(await user.ValidateSession(first.SecurityStamp));
        Assert.Equal(changed, await user.ValidateSession(changed.SecurityStamp));
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.CheckPassword(Password)).Outcome);
        var again = await user.CheckPassword("a brand new passphrase");
        Assert.Equal(changed, again.Session);
    }

    [Fact]
    public async Task Changing_the_password_checks_the_current_one_and_the_policy()
    {
        var user = await RegisterAsync(Grains, NewAgency());

        Assert.Equal(ErrorCodes.InvalidCredentials, await CodeOfAsync(() => user.Grain.ChangePassword(user.Caller, "not the password", "a brand new passphrase")));
        Assert.Equal(ErrorCodes.PasswordPolicy, await CodeOfAsync(() => user.Grain.ChangePassword(user.Caller, Password, "short")));
        Assert.Equal(ErrorCodes.PasswordPolicy, await CodeOfAsync(() => user.Grain.ChangePassword(user.Caller, Password, Password)));
        Assert.Equal(ErrorCodes.PasswordPolicy, await CodeOfAsync(() => user.Grain.ChangePassword(user.Caller, Password, user.Email.ToUpperInvariant() + "!")));
        // Wrong current passwords count towards the lockout: a stolen session cannot guess the password.
        for (var i = 2; i < AccountLimits.MaxFailedAttempts; i++)
        {
            Assert.Equal(ErrorCodes.InvalidCredentials, await CodeOfAsync(() => user.Grain.ChangePassword(user.Caller, "not the password", "a brand new passphrase")));
        }
        Assert.Equal(ErrorCodes.LockedOut, await CodeOfAsync(() => user.Grain.ChangePassword(user.Caller, "not the password", "a brand new passphrase")));
        Assert.Equal(ErrorCodes.LockedOut, await CodeOfAsync(() => user.Grain.ChangePassword(user.Caller, Password, "a brand new passphrase")));
        Assert.Equal(SignInOutcome.LockedOut, (await user.Grain.CheckPassword(Password)).Outcome);
        RoomClusterFixture.Clock.Advance(AccountLimits.LockoutDuration);
        Assert.Equal(SignInOutcome.Succeeded, (await user.Grain.CheckPassword(Password)).Outcome);
    }

    [Fact]
    public async Task Signing_out_everywhere_invalidates_every_session()
    {
        var user = await RegisterAsync(Grains, NewAgency());
        var session = (await user.Grain.CheckPassword(Password)).Session!;

        await user.Grain.SignOutEverywhere(user.Caller);

        Assert.Null(await user.Grain.ValidateSession(session.SecurityStamp));
        var next = (await user.Grain.CheckPassword(Password)).Session!;
        Assert.NotEqual(session.SecurityStamp, next.SecurityStamp);
        Assert.Equal(next, await user.Grain.ValidateSession(next.SecurityStamp));
    }

    [Fact]
    public async Task Deactivation_blocks_sign_in_and_ends_sessions_for_good()
    {
        var agency = NewAgency();
        var user = await RegisterAsync(Grains, agency);
        var admin = await RegisterAsync(Grains, agency, AgencyRole.Admin);
        var session = (await user.Grain.CheckPassword(Password)).Session!;

        await user.Grain.SetStatus(admin.Caller, UserStatus.Deactivated);

        Assert.Equal(new SignInResult(SignInOutcome.Deactivated, null, null), await user.Grain.CheckPassword(Password));
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckPassword("not the password")).Outcome);
        Assert.Null(await user.Grain.ValidateSession(session.SecurityStamp));
        Assert.Equal(UserStatus.Deactivated, (await user.Grain.GetProfile(admin.Caller)).Status);
        Assert.Equal(ErrorCodes.Forbidden, await CodeOfAsync(() => user.Grain.SignOutEverywhere(user.Caller)));

        await user.Grain.SetStatus(admin.Caller, UserStatus.Active);

        Assert.Equal(SignInOutcome.Succeeded, (await user.Grain.CheckPassword(Password)).Outcome);
        Assert.Null(await user.Grain.ValidateSession(session.SecurityStamp));
    }

    [Fact]
    public async Task A_suspended_agency_deactivates_its_members_until_restored()
    {
        var user = await RegisterAsync(Grains, NewAgency());
        var session = (await user.Grain.CheckPassword(Password)).Session!;

        await user.Grain.SetAgencyActive(Caller.System, false);

        Assert.Equal(SignInOutcome.Deactivated, (await user.Grain.CheckPassword(Password)).Outcome);
        Assert.Null(await user.Grain.ValidateSession(session.SecurityStamp));
        Assert.Equal(UserStatus.Deactivated, (await user.Grain.GetProfile(Caller.System)).Status);

        await user.Grain.SetAgencyActive(Caller.System, true);

        Assert.Equal(UserStatus.Active, (await user.Grain.GetProfile(Caller.System)).Status);
        Assert.Equal(SignInOutcome.Succeeded, (await user.Grain.CheckPassword(Password)).Outcome);
        Assert.Null(await user.Grain.ValidateSession(session.SecurityStamp));
    }

    [Fact]
    public async Task Role_changes_recompute_mfa_required_and_are_audited()
    {
        var agency = NewAgency();
        var user = await RegisterAsync(Grains, agency);
        var hubAdmin = await HubAdminAsync(Grains);
        Assert.False((await user.Grain.GetProfile(Caller.System)).MfaRequired);

        await user.Grain.SetAgencyRole(hubAdmin.Caller, AgencyRole.Admin);
        Assert.True((await user.Grain.GetProfile(Caller.System)).MfaRequired);

        await user.Grain.SetAgencyRole(hubAdmin.Caller, AgencyRole.Member);
        await user.Grain.SetHubAdmin(hubAdmin.Caller, true);
        var profile = await user.Grain.GetProfile(Caller.System);
        Assert.Equal((AgencyRole.Member, true, true), (profile.AgencyRole, profile.IsHubAdmin, profile.MfaRequired));

        var agencyLog = await ReadAuditAsync(Grains, AuditScope.Agency(agency), hubAdmin.Caller);
        Assert.Equal(
            ["agency role: Member -> Admin", "agency role: Admin -> Member", "hub admin: False -> True"],
            agencyLog.Where(e => e.Action == AuditActions.RoleChanged).Select(e => e.Details));
        Assert.All(agencyLog, e => Assert.Equal(hubAdmin.Email, e.Actor));
        // Hub admins' actions are in the hub's chain too.
        var hubLog = await ReadAuditAsync(Grains, AuditScope.Hub, hubAdmin.Caller);
        Assert.Equal(3, hubLog.Count(e => e.Target == user.Email && e.Action == AuditActions.RoleChanged));
    }

    [Fact]
    public async Task Group_memberships_are_kept_sorted_and_listed_to_the_user_only()
    {
        var user = await RegisterAsync(Grains, NewAgency());

        await user.Grain.SetGroupMembership(Caller.System, "wg-b", true);
        await user.Grain.SetGroupMembership(Caller.System, "wg-a", true);
        await user.Grain.SetGroupMembership(Caller.System, "wg-a", true);
        await user.Grain.SetGroupMembership(Caller.System, "wg-c", true);
        await user.Grain.SetGroupMembership(Caller.System, "wg-c", false);

        Assert.Equal(["wg-a", "wg-b"], await user.Grain.ListGroups(user.Caller));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOfAsync(() => user.Grain.SetGroupMembership(Caller.System, "Not A Slug", true)));
    }
}
