using System.Net.Http.Json;
using HubRealtime.Testing.Server;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

/// <summary>The workspace sidebar and the happening-now home page, with a second user writing in another browser context.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkspacePageTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    /// <summary>A working group (owned by a new MFA owner) with <paramref name="member"/> in it.</summary>
    private async Task<(string GroupId, string Title)> GroupWithAsync(TestUser member)
    {
        var owner = await Fixture.Server.RegisterAsync("owner", "Olga Owner", BrowserFixture.AgencyId, mfa: true);
        var groupId = "bw-" + Guid.NewGuid().ToString("N")[..10];
        var title = "Desk " + groupId[3..8];
        using var http = Fixture.Server.Client(await Fixture.Server.TokenAsync(owner));
        (await http.PostAsJsonAsync("/api/groups", new { groupId, title })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"/api/groups/{groupId}/members", new { email = member.Email, role = "participant" })).EnsureSuccessStatusCode();
        return (groupId, title);
    }

    /// <summary>A meeting running now with <paramref name="participant"/> in it (created by the hub admin).</summary>
    private async Task<(string MeetingId, string Title)> LiveMeetingWithAsync(TestUser participant)
    {
        var facilitator = await Fixture.Server.RegisterAsync("fac", "Fay Facilitator", BrowserFixture.AgencyId, mfa: true);
        var meetingId = "bw-" + Guid.NewGuid().ToString("N")[..8];
        var title = "Briefing " + meetingId[3..];
        using var http = Fixture.HubAdminClient();
        using var created = await http.PostAsJsonAsync("/api/meetings", new
        {
            meetingId,
            title,
            startsAt = DateTimeOffset.UtcNow.AddMinutes(-5),
            endsAt = DateTimeOffset.UtcNow.AddHours(2),
            timeZone = "Europe/Paris",
            sessions = new[] { new { sessionId = "s1", title = "Session one" } },
            facilitators = new[] { facilitator.Email },
            participants = new[] { participant.Email },
            agencies = Array.Empty<string>(),
            groups = Array.Empty<string>(),
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (meetingId, title);
    }

    [Fact]
    public async Task The_sidebar_lists_groups_meetings_and_rooms_and_counts_another_users_messages_and_mentions_live_until_opened()
    {
        var tag = Guid.NewGuid().ToString("N")[..5];
        var ann = await Fixture.NewUserAsync("Annika " + tag);
        var bo = await Fixture.NewUserAsync("Bo " + tag);
        var (groupId, groupTitle) = await GroupWithAsync(ann);
        var (meetingId, meetingTitle) = await LiveMeetingWithAsync(ann);
        var roomTitle = "Coordination " + tag;
        var roomId = await Fixture.CreateRoomAsync(roomTitle);

        var annPage = await SignInAsync(ann);
        var page = annPage.Page;
        var sidebar = page.Locator("#workspace-sidebar");
        // The home page shows what is happening now: the live meeting.
        await Expect(page.Locator("#home-live-list [data-meeting='" + meetingId + "']")).ToContainTextAsync(meetingTitle, new() { Timeout = Timeout });
        await Expect(sidebar.Locator($"a[data-room='wg-{groupId}']")).ToContainTextAsync(groupTitle);
        var meetingLink = sidebar.Locator($"a[data-room='m-{meetingId}-s1']");
        await Expect(meetingLink).ToContainTextAsync(meetingTitle);
        await Expect(meetingLink.Locator(".side-state")).ToHaveAttributeAsync("data-state", "live");

        // Joining a room lists it; Ann writes once so that Bo can mention her, then goes back home.
        await annPage.JoinAsync(roomId);
        await annPage.SendAsync("hello from Annika");
        await annPage.AllSentAsync();
        var roomLink = sidebar.Locator($"a[data-room='{roomId}']");
        await Expect(roomLink).ToContainTextAsync(roomTitle, new() { Timeout = Timeout });
        await Expect(roomLink).ToHaveAttributeAsync("aria-current", "page");
        await page.Locator("#account-bar a[href='#/']").ClickAsync();
        await Expect(page.Locator("#home-heading")).ToBeVisibleAsync();
        await Expect(roomLink).Not.ToHaveAttributeAsync("aria-current", "page");

        // Bo writes and mentions Ann (picked from the @ list) in the room Ann is not viewing.
        var boPage = await SignInAsync(bo);
        await boPage.JoinAsync(roomId);
        await Expect(boPage.MessageWith("hello from Annika")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await boPage.SendAsync("morning all");
        await boPage.Composer.FillAsync("@Anni");
        await boPage.Page.Locator("#mention-list li", new() { HasText = ann.DisplayName }).ClickAsync();
        await boPage.Composer.PressAsync("End");
        await boPage.Composer.PressSequentiallyAsync("please check");
        await boPage.Composer.PressAsync("Enter");
        await boPage.AllSentAsync();

        await Expect(roomLink.Locator(".side-unread")).ToHaveTextAsync("2", new() { Timeout = Timeout });
        await Expect(roomLink.Locator(".side-mention")).ToHaveTextAsync("@1", new() { Timeout = Timeout });
        await Expect(page.Locator($"#home-activity-list [data-room='{roomId}']")).ToBeVisibleAsync();
        // A second tab of Ann's shows the same counts.
        var secondTab = await ChatPage.OpenAsync(page.Context);
        var secondLink = secondTab.Page.Locator($"#workspace-sidebar a[data-room='{roomId}']");
        await Expect(secondLink.Locator(".side-mention")).ToHaveTextAsync("@1", new() { Timeout = Timeout });

        // Opening the room reads it: the counts go, live, in both tabs.
        await roomLink.ClickAsync();
        await Expect(roomLink).ToHaveAttributeAsync("aria-current", "page", new() { Timeout = Timeout });
        await Expect(roomLink.Locator(".side-unread")).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await Expect(roomLink.Locator(".side-mention")).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await Expect(secondLink.Locator(".side-unread")).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await Expect(secondLink.Locator(".side-mention")).ToHaveCountAsync(0, new() { Timeout = Timeout });

        // The keyboard: arrows move between the sidebar's links (groups, meetings, rooms), Home and End to the ends.
        var groupLink = sidebar.Locator($"a[data-room='wg-{groupId}']");
        var links = sidebar.Locator("a.side-link");
        await groupLink.FocusAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(links.First).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(links.Nth(1)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(links.Last).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Home");
        await Expect(links.First).ToBeFocusedAsync();
        await Expect(groupLink).ToBeFocusedAsync();
        // Enter on a focused link opens it: the meeting, from the room Ann was reading.
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(meetingLink).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(meetingLink).ToHaveAttributeAsync("aria-current", "page", new() { Timeout = Timeout });
        await Expect(annPage.RoomId).ToHaveTextAsync($"m-{meetingId}-s1", new() { Timeout = Timeout });
        annPage.AssertNoPageProblems();
        secondTab.AssertNoPageProblems();
        boPage.AssertNoPageProblems();
    }

    [Fact]
    public async Task At_390_px_the_sidebar_collapses_and_the_composer_stays_visible()
    {
        var ann = await Fixture.NewUserAsync("Narrow " + Guid.NewGuid().ToString("N")[..5]);
        var roomId = await Fixture.CreateRoomAsync("Narrow room");
        var annPage = await SignInAsync(ann);
        await annPage.Page.SetViewportSizeAsync(390, 844);
        await annPage.JoinAsync(roomId);

        var toggle = annPage.Page.Locator("#sidebar-toggle");
        await Expect(toggle).ToBeVisibleAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(annPage.Page.Locator("#sidebar-lists")).ToBeHiddenAsync();
        await Expect(annPage.Composer).ToBeInViewportAsync();
        await toggle.ClickAsync();
        await Expect(annPage.Page.Locator($"#sidebar-lists a[data-room='{roomId}']")).ToBeVisibleAsync(new() { Timeout = Timeout });
    }
}
