using System.Net.Http.Json;
using System.Text.Json;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Testing.Server;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

/// <summary>
/// axe-core on every page, in English and in Arabic (right to left): no serious or critical violation.
/// A hub admin reaches every page: sign-in, rooms, account, groups, agencies, audit, meetings and a
/// meeting's plenary with the facilitator's console.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AxePageTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    private static string AxeSource()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js");
        Assert.True(File.Exists(path), $"{path} is missing: run `npm ci` at the repository root (./test.sh does).");
        return File.ReadAllText(path);
    }

    /// <summary>The serious and critical violations on the page as it is now, one line each.</summary>
    private static async Task<string[]> ViolationsAsync(IPage page)
    {
        // Evaluated through the DevTools protocol, which the page's CSP does not govern.
        if (!await page.EvaluateAsync<bool>("typeof window.axe !== 'undefined'"))
        {
            await page.EvaluateAsync(AxeSource());
        }
        return await page.EvaluateAsync<string[]>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ["violations"] });
              return result.violations
                .filter((v) => v.impact === "serious" || v.impact === "critical")
                .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
            }
            """);
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("ar")]
    public async Task Every_page_has_no_serious_accessibility_violation(string locale)
    {
        var problems = new List<string>();
        async Task Check(IPage page, string name)
        {
            foreach (var v in await ViolationsAsync(page)) problems.Add($"{name}: {v}");
        }

        var admin = await Fixture.Server.RegisterAsync("axe", locale == "ar" ? "هدى المسؤولة" : "Ada Admin", hubAdmin: true);
        var member = await Fixture.NewUserAsync(locale == "ar" ? "سالم" : "Sam Member");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var groupId = "ax-" + tag;
        var meetingId = "ax-" + tag;
        var roomId = await Fixture.CreateRoomAsync("Axe room");
        using (var http = Fixture.Server.Client(await Fixture.Server.IssueTokenAsync(admin)))
        {
            using var group = await http.PostAsJsonAsync("/api/groups", new { groupId, title = "Axe group" });
            Assert.True(group.IsSuccessStatusCode, await group.Content.ReadAsStringAsync());
            using var added = await http.PostAsJsonAsync($"/api/groups/{groupId}/members", new { email = member.Email, role = "participant" });
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
            using var meeting = await http.PostAsJsonAsync("/api/meetings", new
            {
                meetingId,
                title = "Axe meeting",
                startsAt = DateTimeOffset.UtcNow.AddMinutes(-5),
                endsAt = DateTimeOffset.UtcNow.AddHours(2),
                timeZone = "Europe/Paris",
                sessions = new[] { new { sessionId = "s1", title = "Session one" } },
                facilitators = Array.Empty<string>(),
                participants = new[] { member.Email },
                agencies = Array.Empty<string>(),
                groups = Array.Empty<string>(),
            });
            Assert.True(meeting.IsSuccessStatusCode, await meeting.Content.ReadAsStringAsync());
        }

        var context = await NewContextAsync(locale);
        var signIn = await ChatPage.OpenAsync(context);
        var p = signIn.Page;
        await Expect(p.Locator("#signin-form")).ToBeVisibleAsync(new() { Timeout = Timeout });
        // The checker itself: an image without a text alternative is a critical violation it must report.
        await p.EvaluateAsync("() => { const i = document.createElement('img'); i.id = 'axe-probe'; i.src = '/favicon.svg'; document.body.append(i); }");
        Assert.Contains(await ViolationsAsync(p), v => v.StartsWith("image-alt", StringComparison.Ordinal));
        await p.EvaluateAsync("() => document.getElementById('axe-probe').remove()");
        await Check(p, "sign-in");
        await signIn.SubmitSignInAsync(admin.Email, admin.Password);
        if (admin.NextCode() is { } code) await signIn.SubmitCodeAsync(code);
        await Expect(p.Locator("#join-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Check(p, "home");

        await signIn.JoinAsync(roomId);
        await signIn.SendAsync("hello https://example.org and a second line");
        await signIn.AllSentAsync();
        await Check(p, "room");

        async Task Visit(string hash, string name, string visible)
        {
            await p.EvaluateAsync($"location.hash = {JsonSerializer.Serialize(hash)}");
            await Expect(p.Locator(visible).First).ToBeVisibleAsync(new() { Timeout = Timeout });
            await Check(p, name);
        }
        await Visit("#/account", "account", "#account-view");
        await Visit("#/groups", "groups", "#group-list li");
        await Visit($"#/groups/{groupId}", "group", "#group-members li");
        await Visit("#/agencies", "agencies", "#agency-list li");
        await Visit($"#/agencies/{BrowserFixture.AgencyId}", "agency", "#agency-name");
        await Visit("#/audit", "audit", "#audit-rows tr");
        await Visit("#/meetings", "meetings", "#meeting-list li");
        await p.Locator("#meeting-create summary").ClickAsync();
        await Expect(p.Locator("#meeting-new-id")).ToBeVisibleAsync();
        await Check(p, "meeting form");
        await Visit($"#/meeting/{meetingId}", "meeting", "#meeting-panel");
        await Expect(p.Locator("#facilitator-console")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Check(p, "meeting with console");

        // The console's board while someone is picked up, its live overview, and a help alert on another page.
        await p.Locator("#draft-names").FillAsync("One\nTwo");
        await p.Locator("#draft-button").ClickAsync();
        await Expect(p.Locator("#assign-box")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await p.Locator("#assign-mode").SelectOptionAsync("balanced");
        await p.Locator("#assign-button").ClickAsync();
        await p.Locator("#breakout-rooms .member-pick").First.ClickAsync(new() { Timeout = Timeout });
        await Expect(p.Locator("#breakout-rooms .drop-here")).ToHaveCountAsync(1);
        await Check(p, "assignment board");
        await p.Keyboard.PressAsync("Escape");
        await p.Locator("#open-duration").FillAsync("20");
        await p.Locator("#open-button").ClickAsync();
        await Expect(p.Locator("#breakout-rooms .room-live").First).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Check(p, "console overview");
        await Fixture.Server.Grains().GetGrain<IMeetingGrain>(meetingId).RequestHelp(new Caller(member.Email, member.DisplayName), "s1", "help");
        await Visit("#/groups", "help alert", "#meeting-alerts .meeting-alert-help");

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
