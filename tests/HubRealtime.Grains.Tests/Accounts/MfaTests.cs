using System.Text.RegularExpressions;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using static HubRealtime.Grains.Tests.Accounts.TestAccounts;

namespace HubRealtime.Grains.Tests.Accounts;

[Collection(RoomClusterCollection.Name)]
public sealed partial class MfaTests(RoomClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [GeneratedRegex("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}$")]
    private static partial Regex RecoveryCodeShape();

    [Fact]
    public async Task Enrolment_gives_a_secret_and_uri_and_turns_on_only_with_a_right_code()
    {
        var user = await RegisterAsync(Grains, NewAgency());

        var enrolment = await user.Grain.BeginMfaEnrolment(user.Caller);

        Assert.Matches("^[A-Z2-7]{32}$", enrolment.SecretBase32); // 20 bytes, base32
        Assert.Equal(
            $"otpauth://totp/HubRealtime:{user.Email}?secret={enrolment.SecretBase32}&issuer=HubRealtime&digits=6&period=30",
            enrolment.OtpAuthUri);
        Assert.False((await user.Grain.GetProfile(user.Caller)).MfaEnabled);
        var wrong = Code(enrolment.SecretBase32) == "000000" ? "111111" : "000000";
        Assert.Equal(ErrorCodes.InvalidCredentials, await CodeOfAsync(() => user.Grain.ConfirmMfaEnrolment(user.Caller, wrong)));
        Assert.False((await user.Grain.GetProfile(user.Caller)).MfaEnabled);

        var codes = await user.Grain.ConfirmMfaEnrolment(user.Caller, Code(enrolment.SecretBase32));

        Assert.Equal(AccountLimits.RecoveryCodeCount, codes.Codes.Distinct().Count());
        Assert.All(codes.Codes, c => Assert.Matches(RecoveryCodeShape(), c));
        Assert.True((await user.Grain.GetProfile(user.Caller)).MfaEnabled);
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOfAsync(() => user.Grain.BeginMfaEnrolment(user.Caller)));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOfAsync(() => user.Grain.ConfirmMfaEnrolment(user.Caller, Code(enrolment.SecretBase32))));
    }

    [Fact]
    public async Task Sign_in_takes_a_current_code_once_and_refuses_old_and_replayed_ones()
    {
        var user = await RegisterAsync(Grains, NewAgency());
        var (secret, _) = await EnrolAsync(user);

        Assert.Equal(new SignInResult(SignInOutcome.SecondFactorRequired, null, null), await user.Grain.CheckPassword(Password));
        var code = Code(secret);
        var signedIn = await user.Grain.CheckSecondFactor(code);
        Assert.Equal(SignInOutcome.Succeeded, signedIn.Outcome);
        Assert.Equal(signedIn.Session, await user.Grain.ValidateSession(signedIn.Session!.SecurityStamp));

        // The same code again, in the same step: refused.
        Assert.Equal(SignInOutcome.SecondFactorRequired, (await user.Grain.CheckPassword(Password)).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckSecondFactor(code)).Outcome);

        // Three steps later: the code of two steps ago is outside the window, the previous step's is inside.
        RoomClusterFixture.Clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckSecondFactor(Code(secret, -2))).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckSecondFactor(Code(secret, +2))).Outcome);
        Assert.Equal(SignInOutcome.Succeeded, (await user.Grain.CheckSecondFactor(Code(secret, -1))).Outcome);

        // The step just used is spent; the current one is not.
        Assert.Equal(SignInOutcome.SecondFactorRequired, (await user.Grain.CheckPassword(Password)).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckSecondFactor(Code(secret, -1))).Outcome);
        Assert.Equal(SignInOutcome.Succeeded, (await user.Grain.CheckSecondFactor(Code(secret))).Outcome);
    }

    [Fact]
    public async Task A_recovery_code_works_once_whatever_its_case_and_dashes()
    {
        var agency = NewAgency();
        var user = await RegisterAsync(Grains, agency);
        var hubAdmin = await HubAdminAsync(Grains);
        var (_, recovery) = await EnrolAsync(user);

        await user.Grain.CheckPassword(Password);
        var first = await user.Grain.CheckSecondFactor(recovery[3].Replace("-", "", StringComparison.Ordinal).ToUpperInvariant());
        Assert.Equal(SignInOutcome.Succeeded, first.Outcome);

        await user.Grain.CheckPassword(Password);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckSecondFactor(recovery[3])).Outcome);
        Assert.Equal(SignInOutcome.Succeeded, (await user.Grain.CheckSecondFactor(recovery[4])).Outcome);

        var audit = await ReadAuditAsync(Grains, AuditScope.Agency(agency), hubAdmin.Caller);
        Assert.Equal(2, audit.Count(e => e.Action == AuditActions.RecoveryCodeUsed));
        Assert.Contains(audit, e => e.Action == AuditActions.MfaEnabled);
        Assert.All(audit, e => Assert.DoesNotContain(e.Details, recovery));
    }

    [Fact]
    public async Task The_second_step_must_follow_a_right_password_within_5_minutes()
    {
        var user = await RegisterAsync(Grains, NewAgency());
        var (secret, _) = await EnrolAsync(user);

        // No password step at all.
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckSecondFactor(Code(secret))).Outcome);

        Assert.Equal(SignInOutcome.SecondFactorRequired, (await user.Grain.CheckPassword(Password)).Outcome);
        RoomClusterFixture.Clock.Advance(UserGrainWindow + TimeSpan.FromSeconds(1));
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckSecondFactor(Code(secret))).Outcome);

        // A wrong password opens no second step.
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckPassword("not the password")).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckSecondFactor(Code(secret))).Outcome);

        Assert.Equal(SignInOutcome.SecondFactorRequired, (await user.Grain.CheckPassword(Password)).Outcome);
        RoomClusterFixture.Clock.Advance(UserGrainWindow - TimeSpan.FromSeconds(1));
        Assert.Equal(SignInOutcome.Succeeded, (await user.Grain.CheckSecondFactor(Code(secret))).Outcome);
    }

    [Fact]
    public async Task Wrong_codes_count_towards_the_same_lockout()
    {
        var user = await RegisterAsync(Grains, NewAgency());
        var (secret, _) = await EnrolAsync(user);
        var wrong = Code(secret) == "123456" ? "654321" : "123456";

        Assert.Equal(SignInOutcome.SecondFactorRequired, (await user.Grain.CheckPassword(Password)).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckSecondFactor(wrong)).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckSecondFactor("abcd-efgh-jk")).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckSecondFactor(wrong)).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckSecondFactor(wrong)).Outcome);
        var locked = await user.Grain.CheckSecondFactor(wrong);

        Assert.Equal(SignInOutcome.LockedOut, locked.Outcome);
        Assert.Equal(SignInOutcome.LockedOut, (await user.Grain.CheckSecondFactor(Code(secret))).Outcome);
        RoomClusterFixture.Clock.Advance(AccountLimits.LockoutDuration);
        // The lockout also dropped the pending second step.
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckSecondFactor(Code(secret))).Outcome);
        Assert.Equal(SignInOutcome.SecondFactorRequired, (await user.Grain.CheckPassword(Password)).Outcome);
        Assert.Equal(SignInOutcome.Succeeded, (await user.Grain.CheckSecondFactor(Code(secret))).Outcome);
    }

    [Fact]
    public async Task Mfa_cannot_be_turned_off_while_the_roles_require_it()
    {
        var admin = await RegisterAsync(Grains, NewAgency(), AgencyRole.Admin);
        var (secret, _) = await EnrolAsync(admin);

        Assert.True((await admin.Grain.GetProfile(admin.Caller)).MfaRequired);
        Assert.Equal(ErrorCodes.Forbidden, await CodeOfAsync(() => admin.Grain.DisableMfa(admin.Caller, Code(secret))));
        Assert.True((await admin.Grain.GetProfile(admin.Caller)).MfaEnabled);
    }

    [Fact]
    public async Task A_member_turns_mfa_off_with_a_valid_code_and_signs_in_with_the_password_alone()
    {
        var user = await RegisterAsync(Grains, NewAgency());
        var (secret, _) = await EnrolAsync(user);

        Assert.Equal(ErrorCodes.InvalidCredentials, await CodeOfAsync(() => user.Grain.DisableMfa(user.Caller, "not-a-code")));
        await user.Grain.DisableMfa(user.Caller, Code(secret));

        Assert.False((await user.Grain.GetProfile(user.Caller)).MfaEnabled);
        Assert.Equal(SignInOutcome.Succeeded, (await user.Grain.CheckPassword(Password)).Outcome);
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOfAsync(() => user.Grain.RegenerateRecoveryCodes(user.Caller, Code(secret))));
    }

    [Fact]
    public async Task Regenerating_recovery_codes_needs_a_valid_code_and_replaces_them_all()
    {
        var user = await RegisterAsync(Grains, NewAgency());
        var (secret, old) = await EnrolAsync(user);

        Assert.Equal(ErrorCodes.InvalidCredentials, await CodeOfAsync(() => user.Grain.RegenerateRecoveryCodes(user.Caller, "000000" == Code(secret) ? "111111" : "000000")));
        var fresh = await user.Grain.RegenerateRecoveryCodes(user.Caller, old[0]);

        Assert.Equal(AccountLimits.RecoveryCodeCount, fresh.Codes.Count);
        Assert.Empty(fresh.Codes.Intersect(old));
        await user.Grain.CheckPassword(Password);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await user.Grain.CheckSecondFactor(old[1])).Outcome);
        Assert.Equal(SignInOutcome.Succeeded, (await user.Grain.CheckSecondFactor(fresh.Codes[9])).Outcome);
    }

    private static readonly TimeSpan UserGrainWindow = TimeSpan.FromMinutes(5);
}
