using System.Net.Http.Json;
using HubRealtime.Testing.Server;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

/// <summary>Deep links to a group, a room and a meeting open them directly; back and forward retrace the way.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NavigationPageTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    [Fact]
    public async Task Deep_links_open_groups_rooms_and_meetings_and_back_and_forward_retrace_them()
    {
        var owner = await Fixture.Server.RegisterAsync("nav", "Nia Navigator", BrowserFixture.AgencyId, mfa: true);
        var groupId = "nav-" + Guid.NewGuid().ToString("N")[..10];
        var meetingId = "nav-" + Guid.NewGuid().ToString("N")[..10];
        var roomId = await Fixture.CreateRoomAsync("Deep link room");
        using (var http = Fixture.Server.Client(await Fixture.Server.IssueTokenAsync(owner)))
        {
            using var group = await http.PostAsJsonAsync("/api/groups", new { groupId, title = "Linked group" });
            Assert.True(group.IsSuccessStatusCode, await group.Content.ReadAsStringAsync());
        }
        using (var http = Fixture.HubAdminClient())
        {
            using var meeting = await http.PostAsJsonAsync("/api/meetings", new
            {
                meetingId, title = "Linked meeting",
                startsAt = DateTimeOffset.UtcNow.AddMinutes(-5), endsAt = DateTimeOffset.UtcNow.AddHours(2), timeZone = "Europe/Paris",
                sessions = new[] { new { sessionId = "s1", title = "Only session" } },
                facilitators = Array.Empty<string>(), participants = new[] { owner.Email },
                agencies = Array.Empty<string>(), groups = Array.Empty<string>(),
            });
            Assert.True(meeting.IsSuccessStatusCode, await meeting.Content.ReadAsStringAsync());
        }
        var page = await SignInAsync(owner);
        var p = page.Page;

        // Each address, typed or pasted, opens its page.
        await p.GotoAsync($"/#/groups/{groupId}");
        await Expect(p.Locator("#group-title")).ToHaveTextAsync("Linked group", new() { Timeout = Timeout });
        await p.GotoAsync($"/#/room/{roomId}");
        await Expect(page.RoomId).ToHaveTextAsync(roomId, new() { Timeout = Timeout });
        await Expect(p.Locator("#room-title")).ToHaveTextAsync("Deep link room");
        await p.GotoAsync($"/#/meeting/{meetingId}");
        await Expect(page.RoomId).ToHaveTextAsync($"m-{meetingId}-s1", new() { Timeout = Timeout });
        await Expect(p.Locator("#meeting-title")).ToHaveTextAsync("Linked meeting", new() { Timeout = Timeout });

        // Back: the room again, then the group; forward: the room, then the meeting.
        await p.GoBackAsync();
        await Expect(page.RoomId).ToHaveTextAsync(roomId, new() { Timeout = Timeout });
        await Expect(p.Locator("#meeting-panel")).ToBeHiddenAsync();
        await p.GoBackAsync();
        await Expect(p.Locator("#group-title")).ToHaveTextAsync("Linked group", new() { Timeout = Timeout });
        await Expect(p.Locator("#room-view")).ToBeHiddenAsync();
        await p.GoForwardAsync();
        await Expect(page.RoomId).ToHaveTextAsync(roomId, new() { Timeout = Timeout });
        await Expect(p.Locator("#room-view")).ToBeVisibleAsync();
        await p.GoForwardAsync();
        await Expect(p.Locator("#meeting-title")).ToHaveTextAsync("Linked meeting", new() { Timeout = Timeout });
        page.AssertNoPageProblems();
    }

    [Fact]
    public async Task Navigating_offline_keeps_the_session_and_an_end_elsewhere_reaches_any_page()
    {
        var user = await Fixture.Server.RegisterAsync("blip", "Nils Blip", BrowserFixture.AgencyId);
        var laptop = await SignInAsync(user);
        var phone = await SignInAsync(user);
        var p = laptop.Page;

        // A network blip while going to another page: still signed in, on that page.
        await p.Context.SetOfflineAsync(true);
        await p.Locator("#account-bar a[href='#/groups']").ClickAsync();
        await Expect(p.Locator("#groups-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(p.Locator("#signin-view")).ToHaveCountAsync(0);
        await p.Context.SetOfflineAsync(false);
        await p.Locator("#account-bar a[href='#/meetings']").ClickAsync();
        await Expect(p.Locator("#meetings-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(p.Locator("#me-name")).ToHaveTextAsync("Nils Blip");

        // Signed out everywhere from the phone: the laptop, on a page without a room, goes to sign-in unasked.
        await phone.Page.Locator("#account-bar a[href='#/account']").ClickAsync();
        await phone.Page.Locator("#sign-out-everywhere").ClickAsync();
        await Expect(phone.Page.Locator("#signin-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(p.Locator("#signin-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
    }
}
