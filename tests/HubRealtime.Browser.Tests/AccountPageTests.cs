using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Testing.Server;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

/// <summary>
/// Sign-in, forced password change, MFA enrolment, invitations, administration, working groups and the audit
/// viewer, through the pages, on the cookie session alone (the interim query identity is off).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountPageTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    private const string NewPassword = "violet river lantern 7";

    private async Task<ChatPage> OpenAsync(string path = "/")
    {
        var context = await NewContextAsync();
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        return Track(await ChatPage.OpenAsync(context, path));
    }

    private static string Text(string key) => ChatPage.Resource("en", key);

    /// <summary>The TOTP code for <paramref name="secret"/>, <paramref name="stepsAhead"/> time steps from now (each step is used once).</summary>
    private static string Totp(string secret, int stepsAhead = 0) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsAhead));

    /// <summary>Completes the MFA enrolment page: QR and key shown, code confirmed, recovery codes shown once.</summary>
    private static async Task<string> EnrolMfaAsync(ChatPage page, bool forced)
    {
        var p = page.Page;
        try
        {
            await Expect(p.Locator("#mfa-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        }
        catch (PlaywrightException e)
        {
            var visible = await p.EvaluateAsync<string>("() => [...document.querySelectorAll('main > section')].filter(s => !s.hidden).map(s => s.id + ': ' + s.innerText).join(' | ')");
            string log;
            lock (page.ConsoleLog) log = string.Join("\n", page.ConsoleLog);
            throw new InvalidOperationException($"MFA page not shown. Visible: {visible}\nConsole: {log}", e);
        }
        if (forced) await Expect(p.Locator("#mfa-forced")).ToBeVisibleAsync();
        else await Expect(p.Locator("#mfa-forced")).ToBeHiddenAsync();
        await Expect(p.Locator("#mfa-qr svg")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(p.Locator("#mfa-secret")).Not.ToBeEmptyAsync();
        var secret = (await p.Locator("#mfa-secret").TextContentAsync())!.Trim();

        // A wrong code is refused with a message; the page stays.
        await p.Locator("#mfa-code").FillAsync("12");
        await p.Locator("#mfa-button").ClickAsync();
        await Expect(p.Locator("#mfa-error")).ToHaveTextAsync(Text("mfa.codeInvalid"));

        await p.Locator("#mfa-code").FillAsync(Totp(secret));
        await p.Locator("#mfa-button").ClickAsync();
        await Expect(p.Locator("#recovery-codes li")).ToHaveCountAsync(10, new() { Timeout = Timeout });
        await Expect(p.Locator("#mfa-setup")).ToBeHiddenAsync();
        await p.Locator("#copy-codes").ClickAsync();
        await Expect(p.Locator("#copy-status")).Not.ToBeEmptyAsync();
        await Expect(p.Locator("#mfa-continue")).ToBeDisabledAsync();
        await p.Locator("#codes-saved").CheckAsync();
        await p.Locator("#mfa-continue").ClickAsync();
        await Expect(p.Locator("#mfa-view")).ToBeHiddenAsync(new() { Timeout = Timeout });
        await Expect(p.Locator("#recovery-codes li")).ToHaveCountAsync(0);
        return secret;
    }

    /// <summary>Accepts the invitation at <paramref name="link"/> in a fresh browser context and signs in.</summary>
    private async Task<ChatPage> AcceptAsync(string link, string email, string agencyId, string name)
    {
        var page = await OpenAsync(new Uri(link).PathAndQuery + new Uri(link).Fragment);
        var p = page.Page;
        await Expect(p.Locator("#accept-body")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(p.Locator("#accept-email")).ToHaveTextAsync(email);
        await Expect(p.Locator("#accept-agency")).ToHaveTextAsync(agencyId);
        await Expect(p.Locator("#accept-password-hint")).ToHaveTextAsync(Text("password.policy"));
        await p.Locator("#accept-name").FillAsync(name);
        await p.Locator("#accept-password").FillAsync("short");
        await p.Locator("#accept-confirm").FillAsync("short");
        await p.Locator("#accept-button").ClickAsync();
        await Expect(p.Locator("#accept-error")).ToHaveTextAsync(Text("error.password_policy"));
        await p.Locator("#accept-password").FillAsync(NewPassword);
        await p.Locator("#accept-confirm").FillAsync(NewPassword);
        await p.Locator("#accept-button").ClickAsync();

        await Expect(p.Locator("#signin-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(p.Locator("#signin-note")).ToBeVisibleAsync();
        await Expect(p.Locator("#signin-email")).ToHaveValueAsync(email);
        await p.Locator("#signin-password").FillAsync(NewPassword);
        await p.Locator("#signin-button").ClickAsync();
        return page;
    }

    private static async Task<string> InviteAsync(IPage p, string email, string role)
    {
        await p.Locator("#invite-email").FillAsync(email);
        await p.Locator("#invite-role").SelectOptionAsync(role);
        await p.Locator("#invite-button").ClickAsync();
        // The list shows the new invitation after the link of this invitation is shown.
        await Expect(p.Locator($"#agency-invitations li[data-status=pending]").Filter(new() { HasText = email })).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(p.Locator("#invite-result")).ToBeVisibleAsync();
        var link = (await p.Locator("#invite-link").TextContentAsync())!.Trim();
        Assert.Matches("/#/accept/[A-Za-z0-9_-]+$", link);
        return link;
    }

    [Fact]
    public async Task Hub_admin_enrols_MFA_creates_an_agency_whose_admin_invites_a_member_who_enrols_TOTP_and_sees_only_their_groups()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var agencyId = "police-" + suffix;

        // Another agency with a working group, made over HTTP: the new member must never see it.
        var otherAgency = "other-" + suffix;
        var otherGroup = "other-group-" + suffix;
        using (var http = Fixture.HubAdminClient())
        {
            (await http.PostAsJsonAsync("/api/agencies", new { agencyId = otherAgency, name = "Other agency", country = "KE", kind = "police" })).EnsureSuccessStatusCode();
        }
        var outsider = await Fixture.NewUserAsync("Outsider", otherAgency);
        using (var http = Fixture.Server.Client(await Fixture.Server.IssueTokenAsync(outsider)))
        {
            (await http.PostAsJsonAsync("/api/groups", new { groupId = otherGroup, title = "Other agency's group" })).EnsureSuccessStatusCode();
        }

        // 1. The bootstrap hub admin signs in and must enrol TOTP first.
        var admin = await OpenAsync();
        var a = admin.Page;
        await admin.SubmitSignInAsync(BrowserFixture.AdminEmail, "wrong password 123");
        await Expect(admin.SignInError).ToHaveTextAsync(Text("error.invalid_credentials"), new() { Timeout = Timeout });
        await admin.SubmitSignInAsync(BrowserFixture.AdminEmail, BrowserFixture.AdminPassword);
        await EnrolMfaAsync(admin, forced: true);
        await Expect(a.Locator("#join-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(a.Locator("#me-name")).ToHaveTextAsync("Hub administrator");

        // 2. It creates the agency and invites its administrator.
        await a.Locator("#nav-admin").ClickAsync();
        await Expect(a.Locator("#agencies-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await a.Locator("#agency-new-id").FillAsync(agencyId);
        await a.Locator("#agency-new-name").FillAsync("Police of Testland");
        await a.Locator("#agency-new-country").FillAsync("1x");
        await a.Locator("#agency-create-button").ClickAsync();
        await Expect(a.Locator("#agencies-error")).ToHaveTextAsync(Text("agencies.countryHint"));
        await a.Locator("#agency-new-country").FillAsync("fr");
        await a.Locator("#agency-create-button").ClickAsync();
        await Expect(a.Locator("#agency-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(a.Locator("#agency-name")).ToHaveTextAsync("Police of Testland");
        var agencyAdminEmail = $"chief-{suffix}@testland.example";
        var adminLink = await InviteAsync(a, agencyAdminEmail, "admin");

        // 3. The agency admin accepts in a fresh context, signs in and must enrol TOTP (admins must).
        var chief = await AcceptAsync(adminLink, agencyAdminEmail, agencyId, "Chief Inspector");
        await EnrolMfaAsync(chief, forced: true);
        var c = chief.Page;
        await Expect(c.Locator("#me-agency")).ToContainTextAsync(agencyId, new() { Timeout = Timeout });

        // Reusing the link fails in words a person can act on.
        var reuse = await OpenAsync(new Uri(adminLink).PathAndQuery + new Uri(adminLink).Fragment);
        await Expect(reuse.Page.Locator("#accept-error")).ToHaveTextAsync(Text("error.invitation_used"), new() { Timeout = Timeout });

        // 4. The agency admin invites a member through the agency page.
        await c.Locator("#nav-admin").ClickAsync();
        await Expect(c.Locator("#agency-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(c.Locator("#agency-members li")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        var memberEmail = $"officer-{suffix}@testland.example";
        var memberLink = await InviteAsync(c, memberEmail, "member");

        // An invitation sent by mistake is revoked; its link then says so.
        var mistakeEmail = $"mistake-{suffix}@testland.example";
        var mistakeLink = await InviteAsync(c, mistakeEmail, "member");
        var mistake = c.Locator("#agency-invitations li").Filter(new() { HasText = mistakeEmail });
        await mistake.GetByRole(AriaRole.Button, new() { Name = $"{Text("agency.revoke")}: {mistakeEmail}" }).ClickAsync();
        await Expect(c.Locator("#agency-invitations li[data-status=revoked]").Filter(new() { HasText = mistakeEmail })).ToHaveCountAsync(1, new() { Timeout = Timeout });
        var revoked = await OpenAsync(new Uri(mistakeLink).PathAndQuery + new Uri(mistakeLink).Fragment);
        await Expect(revoked.Page.Locator("#accept-error")).ToHaveTextAsync(Text("error.invitation_revoked"), new() { Timeout = Timeout });

        // 5. The member accepts in a fresh context and signs in (no MFA needed for members) ...
        var member = await AcceptAsync(memberLink, memberEmail, agencyId, "Officer Dupont");
        var m = member.Page;
        await Expect(m.Locator("#join-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(m.Locator("#nav-admin")).ToBeHiddenAsync();

        // ... enrols TOTP anyway from the account page, signs out, and signs in again with a code.
        await m.Locator("a[href='#/account']").ClickAsync();
        await Expect(m.Locator("#account-mfa")).ToHaveTextAsync(Text("account.mfaOff"), new() { Timeout = Timeout });
        await m.Locator("#account-mfa-button").ClickAsync();
        var secret = await EnrolMfaAsync(member, forced: false);
        await Expect(m.Locator("#account-mfa")).ToHaveTextAsync(Text("account.mfaOn"), new() { Timeout = Timeout });
        await m.Locator("#sign-out-button").ClickAsync();
        await member.SubmitSignInAsync(memberEmail, NewPassword);
        await member.SubmitCodeAsync("000000");
        await Expect(member.SignInError).ToHaveTextAsync(Text("error.invalid_credentials"), new() { Timeout = Timeout });
        await member.SubmitCodeAsync(Totp(secret, stepsAhead: 1));
        await Expect(m.Locator("#join-view")).ToBeVisibleAsync(new() { Timeout = Timeout });

        // 6. The agency admin creates a working group and adds the member; the member sees it, never the other agency's.
        var groupId = "testland-" + suffix;
        await c.Locator("a[href='#/groups']").ClickAsync();
        await Expect(c.Locator("#groups-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await c.Locator("#group-new-id").FillAsync(groupId);
        await c.Locator("#group-new-title").FillAsync("Testland task force");
        await c.Locator("#group-create-button").ClickAsync();
        await Expect(c.Locator("#group-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(c.Locator("#group-title")).ToHaveTextAsync("Testland task force", new() { Timeout = Timeout });
        await c.Locator("#member-email").FillAsync("nobody-" + suffix + "@nowhere.example");
        await c.Locator("#member-add-button").ClickAsync();
        await Expect(c.Locator("#group-error")).Not.ToBeEmptyAsync(new() { Timeout = Timeout });
        await c.Locator("#member-email").FillAsync(memberEmail);
        await c.Locator("#member-role").SelectOptionAsync("participant");
        await c.Locator("#member-add-button").ClickAsync();
        await Expect(c.Locator("#group-members li")).ToHaveCountAsync(2, new() { Timeout = Timeout });
        await Expect(c.Locator("#group-error")).ToBeHiddenAsync();

        await m.Locator("a[href='#/groups']").ClickAsync();
        await Expect(m.Locator("#group-list li")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(m.Locator($"#group-list li[data-group-id='{groupId}']")).ToHaveCountAsync(1);
        await Expect(m.Locator($"#group-list li[data-group-id='{otherGroup}']")).ToHaveCountAsync(0);

        // The group's chat works on the cookie session.
        await m.Locator($"#group-list li[data-group-id='{groupId}'] a").ClickAsync();
        await Expect(m.Locator("#group-title")).ToHaveTextAsync("Testland task force", new() { Timeout = Timeout });
        await m.Locator("#group-chat-link").ClickAsync();
        await Expect(m.Locator("#room-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(member.Connection).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = Timeout });
        await member.SendAsync("hello task force");
        await Expect(member.MessageTexts).ToHaveTextAsync(["hello task force"], new() { Timeout = Timeout });
        await member.AllSentAsync();

        // 7. The agency admin sees the invitation accepted and reads and verifies the agency's audit chain.
        await c.Locator("#nav-audit").ClickAsync();
        await Expect(c.Locator("#audit-scope")).ToHaveValueAsync($"agency:{agencyId}", new() { Timeout = Timeout });
        await Expect(c.Locator("#audit-rows tr").First).ToBeVisibleAsync(new() { Timeout = Timeout });
        await c.Locator("#audit-verify").ClickAsync();
        await Expect(c.Locator("#audit-verify-result")).ToContainTextAsync(
            Text("audit.valid").Split('{')[0].Trim(), new() { Timeout = Timeout });
        await chief.ScreenshotAsync("audit-en");

        // 8. The hub admin reads and verifies the hub's chain.
        await a.Locator("#nav-audit").ClickAsync();
        await Expect(a.Locator("#audit-scope")).ToHaveValueAsync("hub", new() { Timeout = Timeout });
        await Expect(a.Locator($"#audit-scope option[value='agency:{agencyId}']")).ToHaveCountAsync(1);
        await Expect(a.Locator("#audit-rows tr").First).ToBeVisibleAsync(new() { Timeout = Timeout });
        await a.Locator("#audit-verify").ClickAsync();
        await Expect(a.Locator("#audit-verify-result")).ToContainTextAsync(Text("audit.valid").Split('{')[0].Trim(), new() { Timeout = Timeout });

        // 9. The agency admin deactivates the member (whose page is sent to sign-in at once), then reactivates them.
        await c.Locator("#nav-admin").ClickAsync();
        var memberRow = c.Locator($"#agency-members li[data-email='{memberEmail}']");
        await memberRow.GetByRole(AriaRole.Button, new() { Name = $"{Text("agency.deactivate")}: Officer Dupont" }).ClickAsync();
        await Expect(memberRow).ToContainTextAsync(Text("agency.deactivated"), new() { Timeout = Timeout });
        await Expect(m.Locator("#signin-view")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await memberRow.GetByRole(AriaRole.Button, new() { Name = $"{Text("agency.reactivate")}: Officer Dupont" }).ClickAsync();
        await Expect(memberRow).Not.ToContainTextAsync(Text("agency.deactivated"), new() { Timeout = Timeout });
        await chief.ScreenshotAsync("agency-en");
        AssertNoPageProblems();
    }

    [Fact]
    public async Task A_group_owner_adds_and_removes_members_and_a_member_leaves()
    {
        var ownerUser = await Fixture.NewUserAsync("Group Owner");
        var aliceUser = await Fixture.NewUserAsync("Alice Group");
        var bobUser = await Fixture.NewUserAsync("Bob Group");
        var owner = await SignInAsync(ownerUser);
        var alice = await SignInAsync(aliceUser);
        var o = owner.Page;
        var groupId = "wg-" + Guid.NewGuid().ToString("N")[..10];

        await o.Locator("a[href='#/groups']").ClickAsync();
        await Expect(o.Locator("#groups-empty")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await o.Locator("#group-new-id").FillAsync("Not An Id!");
        await o.Locator("#group-new-title").FillAsync("Cross-border task force");
        await o.Locator("#group-create-button").ClickAsync();
        await Expect(o.Locator("#groups-error")).ToHaveTextAsync(Text("validation.roomInvalid"));
        await o.Locator("#group-new-id").FillAsync(groupId);
        await o.Locator("#group-create-button").ClickAsync();

        // Owning a group makes two-step sign-in required: the owner enrols before going on to the group.
        await EnrolMfaAsync(owner, forced: true);
        await Expect(o.Locator("#group-title")).ToHaveTextAsync("Cross-border task force", new() { Timeout = Timeout });

        foreach (var email in new[] { aliceUser.Email, bobUser.Email })
        {
            await o.Locator("#member-email").FillAsync(email);
            await o.Locator("#member-add-button").ClickAsync();
            await Expect(o.Locator($"#group-members li[data-email='{email}']")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        }
        await Expect(o.Locator("#group-members li")).ToHaveCountAsync(3);

        // Remove Bob (by a labelled button), then Alice leaves on her own.
        await o.GetByRole(AriaRole.Button, new() { Name = ChatPage.Resource("en", "groups.removeNamed").Replace("{name}", "Bob Group", StringComparison.Ordinal) }).ClickAsync();
        await Expect(o.Locator("#group-members li")).ToHaveCountAsync(2, new() { Timeout = Timeout });

        var a = alice.Page;
        await a.Locator("a[href='#/groups']").ClickAsync();
        await a.Locator($"#group-list li[data-group-id='{groupId}'] a").ClickAsync();
        await Expect(a.Locator("#group-title")).ToHaveTextAsync("Cross-border task force", new() { Timeout = Timeout });
        await Expect(a.Locator("#group-members li")).ToHaveCountAsync(2, new() { Timeout = Timeout });
        await a.Locator("#group-leave").ClickAsync();
        await Expect(a.Locator("#groups-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(a.Locator("#groups-empty")).ToBeVisibleAsync(new() { Timeout = Timeout });

        // The group's page is closed to her now, in words.
        await a.GotoAsync($"/#/groups/{groupId}");
        await Expect(a.Locator("#group-error")).Not.ToBeEmptyAsync(new() { Timeout = Timeout });
        await owner.ScreenshotAsync("group-en");
        AssertNoPageProblems();
    }

    [Fact]
    public async Task Sign_in_errors_lockout_and_a_forced_password_change_are_explained()
    {
        var email = TestAccounts.NewEmail("forced");
        await Fixture.Server.Grains().GetGrain<IUserGrain>(email).Register(
            Caller.System, new NewAccount("Forced Changer", TestAccounts.Password, BrowserFixture.AgencyId, AgencyRole.Member, false, MustChangePassword: true));

        var page = await OpenAsync();
        var p = page.Page;
        await Expect(p.Locator("#signin-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(p.Locator("#account-bar")).ToBeHiddenAsync();

        // Empty fields are named.
        await p.Locator("#signin-button").ClickAsync();
        await Expect(page.SignInError).ToHaveTextAsync(Text("signin.emailRequired"));
        await Expect(p.Locator("#signin-email")).ToHaveAttributeAsync("aria-invalid", "true");

        // Forced password change: local checks, then the server's policy, then success.
        await page.SubmitSignInAsync(email, TestAccounts.Password);
        await Expect(p.Locator("#password-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(p.Locator("#password-forced")).ToBeVisibleAsync();
        await p.Locator("#current-password").FillAsync(TestAccounts.Password);
        await p.Locator("#new-password").FillAsync(NewPassword);
        await p.Locator("#confirm-password").FillAsync(NewPassword + "x");
        await p.Locator("#password-button").ClickAsync();
        await Expect(p.Locator("#password-error")).ToHaveTextAsync(Text("password.mismatch"));
        var containsEmail = email.Split('@')[0] + " and more";
        await p.Locator("#new-password").FillAsync(containsEmail);
        await p.Locator("#confirm-password").FillAsync(containsEmail);
        await p.Locator("#password-button").ClickAsync();
        await Expect(p.Locator("#password-error")).ToHaveTextAsync(Text("error.password_policy"), new() { Timeout = Timeout });
        await p.Locator("#new-password").FillAsync(NewPassword);
        await p.Locator("#confirm-password").FillAsync(NewPassword);
        await p.Locator("#password-button").ClickAsync();
        await Expect(p.Locator("#join-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(p.Locator("#me-name")).ToHaveTextAsync("Forced Changer");

        // Sign out; the old password no longer works; five failures lock the account with a time to wait for.
        await p.Locator("#sign-out-button").ClickAsync();
        await Expect(p.Locator("#signin-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        for (var i = 0; i < 5; i++)
        {
            await page.SubmitSignInAsync(email, TestAccounts.Password);
            await Expect(page.SignInError).ToBeVisibleAsync(new() { Timeout = Timeout });
            await Expect(p.Locator("#signin-button")).ToBeEnabledAsync(new() { Timeout = Timeout });
        }
        await page.SubmitSignInAsync(email, NewPassword);
        var lockedPrefix = Text("error.locked_out_until").Split('{')[0];
        await Expect(page.SignInError).ToContainTextAsync(lockedPrefix, new() { Timeout = Timeout });

        // A deactivated account is told so.
        var gone = await Fixture.NewUserAsync("Gone");
        using (var http = Fixture.HubAdminClient())
        {
            (await http.PostAsJsonAsync($"/api/users/{Uri.EscapeDataString(gone.Email)}/status", new { status = "deactivated" })).EnsureSuccessStatusCode();
        }
        await page.SubmitSignInAsync(gone.Email, gone.Password);
        await Expect(page.SignInError).ToHaveTextAsync(Text("error.deactivated"), new() { Timeout = Timeout });
        await page.ScreenshotAsync("signin-error-en");
        AssertNoPageProblems();
    }

    [Fact]
    public async Task Deactivation_cuts_the_live_connection_and_the_page_asks_to_sign_in_again()
    {
        var user = await Fixture.NewUserAsync("Soon Gone");
        var page = await SignInAsync(user);
        var roomId = await Fixture.CreateRoomAsync("Deactivation test");
        await page.JoinAsync(roomId);

        using (var http = Fixture.HubAdminClient())
        {
            (await http.PostAsJsonAsync($"/api/users/{Uri.EscapeDataString(user.Email)}/status", new { status = "deactivated" })).EnsureSuccessStatusCode();
        }

        await Expect(page.Page.Locator("#signin-view")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.SignInError).ToHaveTextAsync(Text("error.unauthenticated"));
        await Expect(page.Page.Locator("#room-view")).ToBeHiddenAsync();
        await Expect(page.Page.Locator("#account-bar")).ToBeHiddenAsync();
        AssertNoPageProblems();
    }

    [Fact]
    public async Task The_account_pages_work_in_Arabic_under_a_strict_content_security_policy()
    {
        var user = await Fixture.NewUserAsync("سارة");
        var context = await NewContextAsync("ar", strictCsp: true);
        var page = Track(await ChatPage.OpenAsync(context));
        page.ExpectWebSockets = false;
        var p = page.Page;
        await Expect(p.Locator("html")).ToHaveAttributeAsync("dir", "rtl", new() { Timeout = Timeout });
        await Expect(p.Locator("#signin-heading")).ToHaveTextAsync(ChatPage.Resource("ar", "signin.heading"));
        await page.SubmitSignInAsync(user.Email, "not the password 1");
        await Expect(page.SignInError).ToHaveTextAsync(ChatPage.Resource("ar", "error.invalid_credentials"), new() { Timeout = Timeout });
        await page.SubmitSignInAsync(user.Email, user.Password);
        await Expect(p.Locator("#join-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await p.Locator("a[href='#/account']").ClickAsync();
        await p.Locator("#account-mfa-button").ClickAsync();
        await Expect(p.Locator("#mfa-qr svg")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(p.Locator("#mfa-heading")).ToHaveTextAsync(ChatPage.Resource("ar", "mfa.heading"));
        await page.ScreenshotAsync("mfa-ar");
        AssertNoPageProblems();
    }

    [Fact]
    public async Task The_audit_log_reads_in_Arabic_with_translated_actions_and_whole_headers()
    {
        var admin = await Fixture.Server.RegisterAsync("hub", "Hind Hub", hubAdmin: true);
        var context = await NewContextAsync("ar");
        var page = Track(await ChatPage.SignInAsync(context, admin));
        var p = page.Page;
        await p.Locator("#nav-audit").ClickAsync();
        await Expect(p.Locator("#audit-scope")).ToHaveValueAsync("hub", new() { Timeout = Timeout });

        // The sign-in just made is in the hub's chain, named in Arabic; the stored code stays on the cell.
        var signIn = p.Locator("#audit-rows td.audit-action[data-action='sign-in']").First;
        await Expect(signIn).ToHaveTextAsync(ChatPage.Resource("ar", "audit.action.sign-in"), new() { Timeout = Timeout });
        await Expect(p.Locator("#audit-table thead th").Nth(3)).ToHaveTextAsync(ChatPage.Resource("ar", "audit.action"));

        // Every header is on one line, even on a phone: none is broken inside a word (the table scrolls instead).
        await p.SetViewportSizeAsync(390, 800);
        var oneLine = await p.EvaluateAsync<bool>("""
            [...document.querySelectorAll("#audit-table thead th")].every((th) => {
              const line = parseFloat(getComputedStyle(th).lineHeight) || parseFloat(getComputedStyle(th).fontSize) * 1.5;
              const padding = parseFloat(getComputedStyle(th).paddingTop) + parseFloat(getComputedStyle(th).paddingBottom);
              return th.getBoundingClientRect().height - padding < line * 1.5;
            })
            """);
        Assert.True(oneLine);
        await page.ScreenshotAsync("audit-ar");
        AssertNoPageProblems();
    }
}
