using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Testing.Server;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

/// <summary>
/// The "New meeting" form of the Meetings page: a hub admin (signed in with MFA) whose browser runs in
/// São Paulo creates a two-session meeting scheduled in Dubai; the stored instants are Dubai's.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MeetingCreatePageTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    /// <summary>The browser's own zone: far from the meeting's, so a mix-up of the two cannot pass.</summary>
    private const string BrowserZone = "America/Sao_Paulo";

    private static string Text(string key) => ChatPage.Resource("en", key);

    private async Task<ChatPage> SignInAsync(TestUser user, string? timeZone = null)
    {
        var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Fixture.BaseAddress.ToString(),
            Locale = "en-US",
            TimezoneId = timeZone,
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
        });
        return await ChatPage.SignInAsync(Own(context), user);
    }

    private static async Task OpenFormAsync(IPage page)
    {
        await page.Locator("#account-bar a[href='#/meetings']").ClickAsync();
        await Expect(page.Locator("#meeting-create")).ToBeVisibleAsync(new() { Timeout = Timeout });
        // Keyboard: the summary opens the form.
        await page.Locator("#meeting-create summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#meeting-new-id")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_form_prefills_session_titles_asks_before_inviting_the_agency_and_warns_about_facilitator_mfa()
    {
        var agencyAdmin = await Fixture.Server.RegisterAsync("agadmin", "Ada Agency-Admin", BrowserFixture.AgencyId, AgencyRole.Admin);
        var page = await SignInAsync(agencyAdmin);
        var p = page.Page;
        await OpenFormAsync(p);

        // Inviting the whole agency is offered, not done by default.
        await Expect(p.Locator("#meeting-new-own-agency-field")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(p.Locator("#meeting-new-own-agency")).Not.ToBeCheckedAsync();

        // The first session follows the meeting's title until it is given its own; later ones are numbered.
        var rows = p.Locator("#meeting-new-sessions > li");
        await p.Locator("#meeting-new-title").FillAsync("Annual review");
        await Expect(rows.Nth(0).Locator(".meeting-new-session-title")).ToHaveValueAsync("Annual review");
        await rows.Nth(0).Locator(".meeting-new-session-title").FillAsync("Opening");
        await p.Locator("#meeting-new-title").FillAsync("Annual review 2027");
        await Expect(rows.Nth(0).Locator(".meeting-new-session-title")).ToHaveValueAsync("Opening");
        await p.Locator("#meeting-new-add-session").ClickAsync();
        await Expect(rows.Nth(1).Locator(".meeting-new-session-title")).ToHaveValueAsync(Text("meetingNew.defaultSessionTitle").Replace("{n}", "2", StringComparison.Ordinal));

        // Naming a facilitator says they will need two-step sign-in.
        var warning = p.Locator("#meeting-new-facilitators-mfa");
        await Expect(warning).ToBeHiddenAsync();
        await p.Locator("#meeting-new-facilitators").FillAsync("someone@example.org");
        await Expect(warning).ToHaveTextAsync(Text("meetingNew.facilitatorsMfa"));
        await p.Locator("#meeting-new-facilitators").FillAsync("");
        await Expect(warning).ToBeHiddenAsync();
        page.AssertNoPageProblems();
    }

    [Fact]
    public async Task A_hub_admin_creates_a_two_session_meeting_in_another_time_zone_and_the_participant_sees_it()
    {
        var admin = await Fixture.Server.RegisterAsync("hub", "Hana Hub-Admin", hubAdmin: true);
        var participant = await Fixture.NewUserAsync("Pat Participant");
        var meetingId = "mc-" + Guid.NewGuid().ToString("N")[..10];
        const string title = "Gulf coordination";
        var day = DateTime.UtcNow.Date.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var page = await SignInAsync(admin, BrowserZone);
        var p = page.Page;
        Assert.Equal(BrowserZone, await p.EvaluateAsync<string>("() => Intl.DateTimeFormat().resolvedOptions().timeZone"));
        await OpenFormAsync(p);
        // The browser's zone is preselected; hub admins type agency ids; members of no group see no groups.
        await Expect(p.Locator("#meeting-new-zone")).ToHaveValueAsync(BrowserZone);
        await Expect(p.Locator("#meeting-new-agencies-field")).ToBeVisibleAsync();
        await Expect(p.Locator("#meeting-new-own-agency-field")).ToBeHiddenAsync();

        // A bad id: the validation message, the field marked, nothing sent.
        await p.Locator("#meeting-new-id").FillAsync("Bad_ID!");
        await p.Locator("#meeting-new-title").FillAsync(title);
        await p.Locator("#meeting-new-button").ClickAsync();
        await Expect(p.Locator("#meeting-new-error-text")).ToHaveTextAsync(Text("meetingNew.idInvalid"));
        await Expect(p.Locator("#meeting-new-id")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(p.Locator("#meeting-new-id")).ToBeFocusedAsync();

        // The end before the start is refused too.
        await p.Locator("#meeting-new-id").FillAsync(meetingId);
        await p.Locator("#meeting-new-start").FillAsync($"{day}T10:00");
        await p.Locator("#meeting-new-end").FillAsync($"{day}T09:00");
        await p.Locator("#meeting-new-zone").SelectOptionAsync("Asia/Dubai");
        await p.Locator("#meeting-new-button").ClickAsync();
        await Expect(p.Locator("#meeting-new-error-text")).ToHaveTextAsync(Text("meetingNew.endBeforeStart"));
        await Expect(p.Locator("#meeting-new-id")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await p.Locator("#meeting-new-end").FillAsync($"{day}T12:30");
        // The times are shown in the browser's zone too (Dubai 10:00 = São Paulo 03:00).
        await Expect(p.Locator("#meeting-new-when")).ToContainTextAsync(BrowserZone);
        await Expect(p.Locator("#meeting-new-when")).ToContainTextAsync("3:00");

        // Two sessions (the second added with the button); one participant.
        var rows = p.Locator("#meeting-new-sessions > li");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.Locator(".meeting-new-session-remove")).ToBeDisabledAsync();
        await rows.Nth(0).Locator(".meeting-new-session-id").FillAsync("day1");
        await rows.Nth(0).Locator(".meeting-new-session-title").FillAsync("Day one");
        await p.Locator("#meeting-new-add-session").ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(1).Locator(".meeting-new-session-id")).ToBeFocusedAsync();
        await rows.Nth(1).Locator(".meeting-new-session-id").FillAsync("day2");
        await rows.Nth(1).Locator(".meeting-new-session-title").FillAsync("Day two");
        await p.Locator("#meeting-new-participants").FillAsync(participant.Email);
        await p.Locator("#meeting-new-retention").FillAsync("30");
        await p.Locator("#meeting-new-button").ClickAsync();

        // The new meeting opens: its first session's plenary, with the session picker.
        await Expect(page.RoomId).ToHaveTextAsync($"m-{meetingId}-day1", new() { Timeout = Timeout });
        await Expect(p.Locator("#meeting-panel")).ToBeVisibleAsync();
        await Expect(p.Locator("#meeting-title")).ToHaveTextAsync(title);
        await Expect(p.Locator("#meeting-session option")).ToHaveTextAsync(["Day one", "Day two"]);
        await Expect(p.Locator("#facilitator-console")).ToBeVisibleAsync(new() { Timeout = Timeout });

        // The server holds the intended instants: 10:00 and 12:30 in Dubai (UTC+4). Asked as the creator
        // (a facilitator: only facilitators see the participant list).
        using (var http = Fixture.Server.Client(await Fixture.Server.IssueTokenAsync(admin)))
        {
            var view = await http.GetFromJsonAsync<JsonElement>($"/api/meetings/{meetingId}");
            var start = DateTimeOffset.Parse($"{day}T10:00:00+04:00", CultureInfo.InvariantCulture);
            Assert.Equal(start, view.GetProperty("startsAt").GetDateTimeOffset());
            Assert.Equal(start.AddHours(2.5), view.GetProperty("endsAt").GetDateTimeOffset());
            Assert.Equal("Asia/Dubai", view.GetProperty("timeZone").GetString());
            Assert.Equal(new string?[] { "day1", "day2" }, view.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("sessionId").GetString()).ToArray());
            Assert.Contains(view.GetProperty("participants").EnumerateArray(), x => x.GetProperty("email").GetString() == participant.Email);
        }

        // The participant finds it in their list.
        var other = await SignInAsync(participant);
        await other.Page.Locator("#account-bar a[href='#/meetings']").ClickAsync();
        await Expect(other.Page.Locator("#meeting-list a", new() { HasText = title })).ToHaveCountAsync(1, new() { Timeout = Timeout });
        // A member of no working group cannot create meetings: no form.
        await Expect(other.Page.Locator("#meeting-create")).ToBeHiddenAsync();

        // Creating it again: the server's refusal is shown next to the form.
        await p.Locator("#account-bar a[href='#/meetings']").ClickAsync();
        await OpenFormAsync(p);
        await p.Locator("#meeting-new-id").FillAsync(meetingId);
        await p.Locator("#meeting-new-title").FillAsync(title);
        await p.Locator("#meeting-new-start").FillAsync($"{day}T10:00");
        await p.Locator("#meeting-new-end").FillAsync($"{day}T11:00");
        await p.Locator("#meeting-new-sessions .meeting-new-session-title").First.FillAsync("Again");
        await p.Locator("#meeting-new-button").ClickAsync();
        await Expect(p.Locator("#meeting-new-error-text")).ToHaveTextAsync(Text("meetingNew.exists"), new() { Timeout = Timeout });
        await Expect(p.Locator("#meeting-new-error-detail")).ToContainTextAsync(meetingId);

        await page.ScreenshotAsync("meeting-create");
        page.AssertNoPageProblems();
        other.AssertNoPageProblems();
    }

    [Fact]
    public async Task A_group_member_who_does_not_lead_the_group_gets_the_servers_refusal_as_a_next_step()
    {
        var owner = await Fixture.Server.RegisterAsync("owner", "Olga Owner", BrowserFixture.AgencyId, mfa: true);
        var member = await Fixture.NewUserAsync("Max Member");
        var groupId = "mcg-" + Guid.NewGuid().ToString("N")[..10];
        using (var http = Fixture.Server.Client(await Fixture.Server.IssueTokenAsync(owner)))
        {
            using var created = await http.PostAsJsonAsync("/api/groups", new { groupId, title = "Cyber desk" });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            using var added = await http.PostAsJsonAsync($"/api/groups/{groupId}/members", new { email = member.Email, role = "participant" });
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        }

        var page = await SignInAsync(member);
        var p = page.Page;
        await OpenFormAsync(p);
        // A plain member: no agency choice; the groups they are in, to tick.
        await Expect(p.Locator("#meeting-new-agencies-field")).ToBeHiddenAsync();
        await Expect(p.Locator("#meeting-new-own-agency-field")).ToBeHiddenAsync();
        var group = p.GetByLabel("Cyber desk");
        await Expect(group).ToBeVisibleAsync(new() { Timeout = Timeout });
        await group.CheckAsync();
        var day = DateTime.UtcNow.Date.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await p.Locator("#meeting-new-id").FillAsync("mcf-" + Guid.NewGuid().ToString("N")[..10]);
        await p.Locator("#meeting-new-title").FillAsync("Not mine to call");
        await p.Locator("#meeting-new-start").FillAsync($"{day}T09:00");
        await p.Locator("#meeting-new-end").FillAsync($"{day}T10:00");
        await p.Locator("#meeting-new-sessions .meeting-new-session-title").First.FillAsync("Main");
        // A malformed e-mail is caught before sending.
        await p.Locator("#meeting-new-participants").FillAsync("someone-at-nowhere");
        await p.Locator("#meeting-new-button").ClickAsync();
        await Expect(p.Locator("#meeting-new-error-text")).ToHaveTextAsync(
            Text("meetingNew.emailInvalid").Replace("{email}", "someone-at-nowhere", StringComparison.Ordinal));
        await Expect(p.Locator("#meeting-new-participants")).ToBeFocusedAsync();
        await p.Locator("#meeting-new-participants").FillAsync("");
        await p.Locator("#meeting-new-button").ClickAsync();
        await Expect(p.Locator("#meeting-new-error-text")).ToHaveTextAsync(Text("meetingNew.forbidden"), new() { Timeout = Timeout });
        await Expect(p.Locator("#meeting-new-error-detail")).ToContainTextAsync(groupId);
        await Expect(p.Locator("#meeting-create")).ToBeVisibleAsync();
        page.AssertNoPageProblems();
    }

    [Fact]
    public async Task The_form_works_in_Arabic_right_to_left_under_a_strict_content_security_policy()
    {
        var admin = await Fixture.Server.RegisterAsync("hub", "هالة", hubAdmin: true);
        var context = await NewContextAsync("ar", strictCsp: true);
        var page = await ChatPage.OpenAsync(context);
        page.ExpectWebSockets = false;
        var p = page.Page;
        await page.SubmitSignInAsync(admin.Email, admin.Password);
        await page.SubmitCodeAsync(admin.NextCode()!);
        await Expect(p.Locator("#join-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(p.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await OpenFormAsync(p);
        string Ar(string key) => ChatPage.Resource("ar", key);
        await Expect(p.Locator("#meeting-create summary")).ToHaveTextAsync(Ar("meetingNew.summary"));
        await Expect(p.Locator("#meeting-new-button")).ToHaveTextAsync(Ar("meetingNew.submit"));
        await p.Locator("#meeting-new-add-session").ClickAsync();
        var labels = p.Locator("#meeting-new-sessions label");
        await Expect(labels).ToHaveTextAsync([
            Ar("meetingNew.sessionId").Replace("{n}", "1", StringComparison.Ordinal), Ar("meetingNew.sessionTitle").Replace("{n}", "1", StringComparison.Ordinal),
            Ar("meetingNew.sessionId").Replace("{n}", "2", StringComparison.Ordinal), Ar("meetingNew.sessionTitle").Replace("{n}", "2", StringComparison.Ordinal),
        ]);
        // Right to left: a session's id comes first, on the right of its title.
        var row = p.Locator("#meeting-new-sessions > li").First;
        var id = await row.Locator(".meeting-new-session-id").BoundingBoxAsync();
        var title = await row.Locator(".meeting-new-session-title").BoundingBoxAsync();
        Assert.True(id!.X > title!.X, $"id at {id.X}, title at {title.X}");
        // Removing a session by keyboard keeps the focus in the list.
        await p.Locator("#meeting-new-sessions .meeting-new-session-remove").Nth(1).FocusAsync();
        await p.Keyboard.PressAsync("Enter");
        await Expect(p.Locator("#meeting-new-sessions > li")).ToHaveCountAsync(1);
        await Expect(p.Locator("#meeting-new-sessions .meeting-new-session-id")).ToBeFocusedAsync();
        await p.Locator("#meeting-new-button").ClickAsync();
        await Expect(p.Locator("#meeting-new-error-text")).ToHaveTextAsync(Ar("meetingNew.idInvalid"));
        await page.ScreenshotAsync("meeting-create-ar");
        page.AssertNoPageProblems();
    }
}
