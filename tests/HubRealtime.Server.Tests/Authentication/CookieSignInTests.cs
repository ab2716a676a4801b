using System.Net;
using System.Net.Http.Json;
using HubRealtime.Abstractions.Accounts;
using OtpNet;

namespace HubRealtime.Server.Tests.Authentication;

[Collection(AuthServerCollection.Name)]
public sealed class CookieSignInTests(AuthServerFixture fixture)
{
    [Fact]
    public async Task The_configured_admin_exists_signs_in_and_must_enrol_MFA_before_anything_else()
    {
        using var client = fixture.NewClient();

        var signIn = await client.SignInAsync(AuthServerFixture.AdminEmail, AuthServerFixture.AdminPassword);
        var body = await Problems.JsonOf(signIn);
        var me = await Problems.JsonOf(await client.Http.GetAsync("/api/auth/me"));
        var elsewhere = await client.Http.GetAsync("/api/rooms/lobby");

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal("signed-in", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("profile").GetProperty("isHubAdmin").GetBoolean());
        Assert.True(me.GetProperty("mfaEnrolmentRequired").GetBoolean());
        Assert.False(me.GetProperty("mustChangePassword").GetBoolean());
        Assert.Equal((HttpStatusCode.Forbidden, "mfa_enrolment_required"), (elsewhere.StatusCode, await Problems.CodeOf(elsewhere)));
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_and_SameSite_strict()
    {
        var email = await fixture.NewMemberAsync();
        using var client = fixture.NewClient();

        var signIn = await client.SignInAsync(email, AuthServerFixture.MemberPassword);

        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("hr.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sign_in_and_state_changing_requests_need_the_antiforgery_header()
    {
        var email = await fixture.NewMemberAsync();
        using var client = fixture.NewClient();

        var withoutHeader = await client.PostAsync("/api/auth/sign-in", new { email, password = AuthServerFixture.MemberPassword }, withXsrf: false);
        var signIn = await client.SignInAsync(email, AuthServerFixture.MemberPassword);
        var me = await client.Http.GetAsync("/api/auth/me");
        var signOutWithout = await client.PostAsync("/api/auth/sign-out", null, withXsrf: false);
        var meStill = await client.Http.GetAsync("/api/auth/me");
        var signOut = await client.PostAsync("/api/auth/sign-out", null);
        var meAfter = await client.Http.GetAsync("/api/auth/me");

        Assert.Equal((HttpStatusCode.BadRequest, "antiforgery"), (withoutHeader.StatusCode, await Problems.CodeOf(withoutHeader)));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(email, (await Problems.JsonOf(me)).GetProperty("profile").GetProperty("email").GetString());
        Assert.Equal((HttpStatusCode.BadRequest, "antiforgery"), (signOutWithout.StatusCode, await Problems.CodeOf(signOutWithout)));
        Assert.Equal(HttpStatusCode.OK, meStill.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthenticated"), (meAfter.StatusCode, await Problems.CodeOf(meAfter)));
    }

    [Fact]
    public async Task Wrong_passwords_are_refused_alike_and_the_fifth_locks_the_account()
    {
        var email = await fixture.NewMemberAsync();
        using var client = fixture.NewClient();

        var unknown = await client.SignInAsync("nobody@agency.test", AuthServerFixture.MemberPassword);
        var failures = new List<HttpResponseMessage>();
        for (var i = 0; i < AccountLimits.MaxFailedAttempts; i++)
        {
            failures.Add(await client.SignInAsync(email, "Wrong-password-123456"));
        }
        var rightButLocked = await client.SignInAsync(email, AuthServerFixture.MemberPassword);

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_credentials"), (unknown.StatusCode, await Problems.CodeOf(unknown)));
        foreach (var failure in failures.SkipLast(1))
        {
            Assert.Equal((HttpStatusCode.Unauthorized, "invalid_credentials"), (failure.StatusCode, await Problems.CodeOf(failure)));
        }
        var locked = failures[^1];
        Assert.Equal((HttpStatusCode.Locked, "locked_out"), (locked.StatusCode, await Problems.CodeOf(locked)));
        var until = (await Problems.JsonOf(locked)).GetProperty("lockedUntil").GetDateTimeOffset();
        Assert.InRange(until - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(16));
        Assert.Equal((HttpStatusCode.Locked, "locked_out"), (rightButLocked.StatusCode, await Problems.CodeOf(rightButLocked)));
    }

    [Fact]
    public async Task A_deactivated_account_is_told_so_only_with_the_right_password()
    {
        var email = await fixture.NewMemberAsync();
        await fixture.Grains.GetGrain<IUserGrain>(email).SetStatus(AuthServerFixture.AdminCaller, UserStatus.Deactivated);
        using var client = fixture.NewClient();

        var right = await client.SignInAsync(email, AuthServerFixture.MemberPassword);

        Assert.Equal((HttpStatusCode.Forbidden, "deactivated"), (right.StatusCode, await Problems.CodeOf(right)));
    }

    [Fact]
    public async Task MFA_enrolment_then_sign_in_needs_the_second_factor()
    {
        var email = await fixture.NewMemberAsync();
        using var client = fixture.NewClient();
        await client.SignInAsync(email, AuthServerFixture.MemberPassword);

        var begin = await Problems.JsonOf(await client.PostAsync("/api/auth/mfa/begin", null));
        var secret = begin.GetProperty("secret").GetString()!;
        var code = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow);
        var confirm = await client.PostAsync("/api/auth/mfa/confirm", new { code });
        var recoveryCodes = (await Problems.JsonOf(confirm)).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        await client.PostAsync("/api/auth/sign-out", null);

        var first = await Problems.JsonOf(await client.SignInAsync(email, AuthServerFixture.MemberPassword));
        var meBetween = await client.Http.GetAsync("/api/auth/me");
        var wrong = await client.PostAsync("/api/auth/second-factor", new { code = "000000x" });
        var second = await client.PostAsync("/api/auth/second-factor", new { code = recoveryCodes[0] });
        var me = await client.Http.GetAsync("/api/auth/me");
        using var fresh = fixture.NewClient();
        var noPending = await fresh.PostAsync("/api/auth/second-factor", new { code = recoveryCodes[1] });

        Assert.StartsWith("otpauth://totp/", begin.GetProperty("otpauthUri").GetString(), StringComparison.Ordinal);
        Assert.Contains("<svg", begin.GetProperty("qrSvg").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal(AccountLimits.RecoveryCodeCount, recoveryCodes.Count);
        Assert.Equal("second-factor-required", first.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, meBetween.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_credentials"), (wrong.StatusCode, await Problems.CodeOf(wrong)));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("signed-in", (await Problems.JsonOf(second)).GetProperty("status").GetString());
        Assert.True((await Problems.JsonOf(me)).GetProperty("profile").GetProperty("mfaEnabled").GetBoolean());
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_credentials"), (noPending.StatusCode, await Problems.CodeOf(noPending)));
    }

    [Fact]
    public async Task Enrolling_MFA_lifts_the_admin_restriction_in_the_same_session()
    {
        // Its own admin-like account: the shared admin's restriction is checked by another test.
        var email = $"a{Guid.NewGuid():N}"[..12] + "@hub.test";
        await fixture.Grains.GetGrain<IUserGrain>(email).Register(HubRealtime.Abstractions.Identity.Caller.System,
            new NewAccount("Second Admin", AuthServerFixture.MemberPassword, null, HubRealtime.Abstractions.Identity.AgencyRole.Member, true, false));
        using var client = fixture.NewClient();
        await client.SignInAsync(email, AuthServerFixture.MemberPassword);
        var before = await client.Http.GetAsync("/api/rooms/lobby");

        var secret = (await Problems.JsonOf(await client.PostAsync("/api/auth/mfa/begin", null))).GetProperty("secret").GetString()!;
        var confirm = await client.PostAsync("/api/auth/mfa/confirm", new { code = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow) });
        var after = await client.Http.GetAsync("/api/rooms/lobby");
        var me = await Problems.JsonOf(await client.Http.GetAsync("/api/auth/me"));

        Assert.Equal("mfa_enrolment_required", await Problems.CodeOf(before));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.NotEqual("mfa_enrolment_required", await Problems.CodeOf(after));
        Assert.False(me.GetProperty("mfaEnrolmentRequired").GetBoolean());
    }

    [Fact]
    public async Task A_wrong_current_password_or_a_weak_new_one_is_refused()
    {
        var email = await fixture.NewMemberAsync();
        using var client = fixture.NewClient();
        await client.SignInAsync(email, AuthServerFixture.MemberPassword);

        var wrong = await client.PostAsync("/api/auth/password", new { currentPassword = "Not-the-password-1", newPassword = "Another-good-password-2" });
        var weak = await client.PostAsync("/api/auth/password", new { currentPassword = AuthServerFixture.MemberPassword, newPassword = "short" });
        var missing = await client.PostAsync("/api/auth/password", new { currentPassword = AuthServerFixture.MemberPassword });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_credentials"), (wrong.StatusCode, await Problems.CodeOf(wrong)));
        Assert.Equal((HttpStatusCode.BadRequest, "password_policy"), (weak.StatusCode, await Problems.CodeOf(weak)));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), (missing.StatusCode, await Problems.CodeOf(missing)));
    }
}
