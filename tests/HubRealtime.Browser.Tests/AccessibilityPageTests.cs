using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

/// <summary>The keyboard and small-screen paths through a room, and what a slow start looks like.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityPageTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    [Fact]
    public async Task The_skip_link_reaches_the_composer_and_arrow_keys_walk_the_messages_without_leaving_the_room()
    {
        var roomId = await Fixture.CreateRoomAsync("Keyboard test");
        var page = await OpenUserAsync("Kim Keyboard");
        await page.JoinAsync(roomId);
        foreach (var text in new[] { "first", "second", "third" })
        {
            await page.SendAsync(text);
            await page.AllSentAsync();
        }
        var p = page.Page;

        // The skip link is the page's first stop for Tab and lands in the message box, still in the room.
        Assert.True(await p.EvaluateAsync<bool>(
            "document.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])')?.classList.contains('skip-link') === true"));
        await p.Locator(".skip-link").FocusAsync();
        await Expect(p.Locator(".skip-link")).ToHaveTextAsync(ChatPage.Resource("en", "a11y.skipToComposer"));
        await p.Keyboard.PressAsync("Enter");
        await Expect(page.Composer).ToBeFocusedAsync();
        await Expect(page.RoomId).ToHaveTextAsync(roomId);
        await Expect(p.Locator("#room-view")).ToBeVisibleAsync();

        // From the pane, arrows walk the messages; Home and End jump.
        await p.Locator("#message-pane").FocusAsync();
        await p.Keyboard.PressAsync("ArrowDown");
        await Expect(page.MessageWith("third")).ToBeFocusedAsync();
        await p.Keyboard.PressAsync("ArrowUp");
        await Expect(page.MessageWith("second")).ToBeFocusedAsync();
        await p.Keyboard.PressAsync("Home");
        await Expect(page.MessageWith("first")).ToBeFocusedAsync();
        await p.Keyboard.PressAsync("End");
        await Expect(page.MessageWith("third")).ToBeFocusedAsync();
        // Tab goes on into the focused message's tools.
        await p.Keyboard.PressAsync("Tab");
        await Expect(page.MessageWith("third").Locator("[data-tool=reply]")).ToBeFocusedAsync();
        page.AssertNoPageProblems();
    }

    [Fact]
    public async Task On_a_390_px_phone_the_composer_is_on_screen_without_scrolling()
    {
        var roomId = await Fixture.CreateRoomAsync("Phone test");
        var page = await OpenUserAsync("Pia Phone");
        await page.Page.SetViewportSizeAsync(390, 844);
        await page.JoinAsync(roomId);
        for (var i = 0; i < 15; i++)
        {
            await page.SendAsync($"line {i} of a conversation long enough to fill a phone's screen");
        }
        await page.AllSentAsync();
        await page.ScreenshotAsync("room-390-en");
        var box = await page.Composer.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Y >= 0 && box.Y + box.Height <= 844, $"composer at {box.Y}+{box.Height}");
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"composer at x {box.X}+{box.Width}");
        Assert.Equal(0, await page.Page.EvaluateAsync<double>("window.scrollY"));
        await Expect(page.SendButton).ToBeInViewportAsync();
        page.AssertNoPageProblems();
    }

    [Fact]
    public async Task A_slow_start_shows_a_loading_state_instead_of_a_blank_page()
    {
        var context = await NewContextAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await context.RouteAsync("**/api/auth/me", async route =>
        {
            held.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });
        var page = await context.NewPageAsync();
        var navigation = page.GotoAsync("/");
        await held.Task.WaitAsync(TimeSpan.FromSeconds(15));
        // While the server is slow to say who we are: a visible indicator, in the browser's language.
        await Expect(page.Locator("#boot")).ToBeVisibleAsync();
        await Expect(page.Locator("#boot")).ToHaveTextAsync(ChatPage.Resource("en", "app.loading"));
        release.SetResult();
        await navigation;
        await Expect(page.Locator("#signin-form")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(page.Locator("#boot")).ToHaveCountAsync(0);
    }
}
