using System.Net.Http.Json;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

/// <summary>The facilitator console's people list: adding by e-mail, removing, and re-reading on "meeting.roster".</summary>
[Collection(BrowserCollection.Name)]
public sealed class MeetingPeoplePageTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    private static async Task OpenMeetingAsync(ChatPage page, string title, string plenaryRoomId)
    {
        await page.Page.Locator("#account-bar a[href='#/meetings']").ClickAsync();
        await page.Page.Locator("#meeting-list a", new() { HasText = title }).ClickAsync();
        await Expect(page.RoomId).ToHaveTextAsync(plenaryRoomId, new() { Timeout = Timeout });
    }

    [Fact]
    public async Task A_facilitator_adds_people_by_email_removes_them_and_the_list_follows_changes_made_elsewhere()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var title = "Roster " + tag;
        var facilitator = await Fixture.Server.RegisterAsync("fac", "Fay Facilitator", BrowserFixture.AgencyId, mfa: true);
        var first = await Fixture.Server.RegisterAsync("p", "First Officer", BrowserFixture.AgencyId);
        var late = await Fixture.Server.RegisterAsync("late", "Late Officer", BrowserFixture.AgencyId);
        var other = await Fixture.Server.RegisterAsync("other", "Other Officer", BrowserFixture.AgencyId);
        var meetingId = "bp-" + tag;
        var plenary = $"m-{meetingId}-s1";
        using (var http = Fixture.HubAdminClient())
        {
            using var created = await http.PostAsJsonAsync("/api/meetings", new
            {
                meetingId, title,
                startsAt = DateTimeOffset.UtcNow.AddMinutes(-5), endsAt = DateTimeOffset.UtcNow.AddHours(3), timeZone = "Europe/Paris",
                sessions = new[] { new { sessionId = "s1", title = "Session one" } },
                facilitators = new[] { facilitator.Email }, participants = new[] { first.Email },
            });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }
        var fac = await SignInAsync(facilitator);
        await OpenMeetingAsync(fac, title, plenary);
        var f = fac.Page;
        await f.Locator("#people-box summary").ClickAsync();
        await Expect(f.Locator($"#people-list li[data-email='{first.Email}']")).ToBeVisibleAsync(new() { Timeout = Timeout });

        // Empty: told, nothing sent. Then one e-mail per line.
        await f.Locator("#people-add").ClickAsync();
        await Expect(f.Locator("#console-error")).ToHaveTextAsync(ChatPage.Resource("en", "console.needEmails"), new() { Timeout = Timeout });
        await f.Locator("#people-emails").FillAsync(late.Email);
        await f.Locator("#people-add").ClickAsync();
        await Expect(f.Locator($"#people-list li[data-email='{late.Email}']")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(f.Locator("#people-emails")).ToHaveValueAsync("");

        // The added person finds the meeting among theirs and enters its plenary.
        var latePage = await SignInAsync(late);
        await OpenMeetingAsync(latePage, title, plenary);

        // A change made by another facilitator reaches this page through the "meeting.roster" notice.
        using (var http = Fixture.HubAdminClient())
        {
            using var added = await http.PostAsJsonAsync($"/api/meetings/{meetingId}/people", new { participants = new[] { other.Email } });
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        }
        await Expect(f.Locator($"#people-list li[data-email='{other.Email}']")).ToBeVisibleAsync(new() { Timeout = Timeout });

        await f.Locator($"#people-list li[data-email='{late.Email}'] .remove-person").ClickAsync();
        await Expect(f.Locator($"#people-list li[data-email='{late.Email}']")).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await Expect(f.Locator("#console-error")).ToBeHiddenAsync();
        using (var http = Fixture.HubAdminClient())
        {
            var view = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/meetings/{meetingId}");
            var emails = view.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("email").GetString()).ToList();
            Assert.DoesNotContain(late.Email, emails);
            Assert.Contains(other.Email, emails);
        }
    }
}
