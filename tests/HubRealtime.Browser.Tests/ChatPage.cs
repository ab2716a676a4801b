using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

/// <summary>One user's tab: the selectors of the page in one place.</summary>
public sealed class ChatPage
{
    public static readonly float Timeout = 15_000;

    private readonly List<string> _problems = [];

    private ChatPage(IPage page)
    {
        Page = page;
        // Uncaught exceptions and CSP violations are bugs, whatever the test is about.
        page.PageError += (_, error) =>
        {
            lock (ConsoleLog) _problems.Add("page error: " + error);
        };
        page.Console += (_, message) =>
        {
            lock (ConsoleLog)
            {
                ConsoleLog.Add($"{message.Type}: {message.Text}");
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _problems.Add("CSP violation: " + message.Text);
            }
            if (ExpectWebSockets && message.Text.Contains("Failed to start the transport 'WebSockets'", StringComparison.Ordinal))
            {
                _problems.Add("no WebSocket: " + message.Text);
            }
            }
        };
    }

    public IPage Page { get; }

    public List<string> ConsoleLog { get; } = [];

    /// <summary>SignalR must get its WebSocket (false only under the test CSP, see BrowserFixture).</summary>
    public bool ExpectWebSockets { get; set; } = true;

    public ILocator Messages => Page.Locator("#message-list > li");
    public ILocator MessageTexts => Page.Locator("#message-list .message-text");
    public ILocator Pending => Page.Locator("#pending-list > li");
    public ILocator Composer => Page.Locator("#composer-text");
    public ILocator SendButton => Page.Locator("#send-button");
    public ILocator Connection => Page.Locator("#connection");
    public ILocator JoinError => Page.Locator("#join-error-text");
    public ILocator Presence => Page.Locator("#presence-list > li");
    public ILocator Typing => Page.Locator("#typing-indicator");
    public ILocator RoomId => Page.Locator("#room-id-label");

    /// <summary>The confirmed message whose text is exactly <paramref name="text"/>.</summary>
    public ILocator MessageWith(string text) =>
        Page.Locator("#message-list > li.message").Filter(new() { Has = Page.Locator(".message-text", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(text) + "$") }) });

    /// <summary>Opens the app in a new tab of <paramref name="context"/> (the sign-in page unless the context has a session).</summary>
    /// <remarks><paramref name="expectWebSockets"/> false for a strict-CSP context (SignalR falls back there), set before the page opens its first connection.</remarks>
    public static async Task<ChatPage> OpenAsync(IBrowserContext context, string path = "/", bool expectWebSockets = true)
    {
        var page = new ChatPage(await context.NewPageAsync()) { ExpectWebSockets = expectWebSockets };
        await page.Page.GotoAsync(path);
        await Expect(page.Page.Locator("body")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("loading"), new() { Timeout = Timeout });
        return page;
    }

    /// <summary>Opens the app and signs in as a test user, answering the second factor with a recovery code when the account has one.</summary>
    public static async Task<ChatPage> SignInAsync(IBrowserContext context, HubRealtime.Testing.Server.TestUser user)
    {
        var page = await OpenAsync(context);
        await page.SubmitSignInAsync(user.Email, user.Password);
        if (user.NextCode() is { } code)
        {
            await page.SubmitCodeAsync(code);
        }
        await Expect(page.Page.Locator("#join-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        return page;
    }

    /// <summary>Opens the app and signs in through the sign-in page (password only: no second factor).</summary>
    public static async Task<ChatPage> SignInAsync(IBrowserContext context, string email, string password, bool expectWebSockets = true)
    {
        var page = await OpenAsync(context, "/", expectWebSockets);
        await page.SubmitSignInAsync(email, password);
        await Expect(page.Page.Locator("#join-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        return page;
    }

    public ILocator SignInError => Page.Locator("#signin-error");

    /// <summary>Fills and sends the e-mail and password step of the sign-in page.</summary>
    public async Task SubmitSignInAsync(string email, string password)
    {
        await Expect(Page.Locator("#signin-form")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Page.Locator("#signin-email").FillAsync(email);
        await Page.Locator("#signin-password").FillAsync(password);
        await Page.Locator("#signin-button").ClickAsync();
    }

    /// <summary>Sends the code step of the sign-in page.</summary>
    public async Task SubmitCodeAsync(string code)
    {
        await Expect(Page.Locator("#code-form")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Page.Locator("#signin-code").FillAsync(code);
        await Page.Locator("#code-button").ClickAsync();
    }

    /// <summary>Fills the join form and waits until the room view shows and the connection is up.</summary>
    public async Task JoinAsync(string roomId)
    {
        await Page.Locator("#room-id").FillAsync(roomId);
        await Page.Locator("#join-button").ClickAsync();
        await Expect(Page.Locator("#room-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(Page.Locator("#room-id-label")).ToHaveTextAsync(roomId, new() { Timeout = Timeout });
        await Expect(Connection).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = Timeout });
    }

    /// <summary>Types the text and presses Enter (the way people send).</summary>
    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await Composer.PressAsync("Enter");
    }

    /// <summary>Waits until every own message is confirmed by the server (nothing pending).</summary>
    public Task AllSentAsync() => Expect(Pending).ToHaveCountAsync(0, new() { Timeout = Timeout });

    /// <summary>Saves a screenshot when HUBREALTIME_SCREENSHOTS names a directory (for looking at the page).</summary>
    public async Task ScreenshotAsync(string name)
    {
        var directory = Environment.GetEnvironmentVariable("HUBREALTIME_SCREENSHOTS");
        if (string.IsNullOrEmpty(directory)) return;
        Directory.CreateDirectory(directory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png") });
    }

    /// <summary>Fails with what went wrong in the page, if anything did.</summary>
    public void AssertNoPageProblems()
    {
        string[] problems;
        lock (ConsoleLog) problems = [.. _problems];
        Assert.True(problems.Length == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>A string of a language resource file (copied next to the tests from ClientApp/src/i18n).</summary>
    public static string Resource(string language, string key)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "i18n", language + ".json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty(key).GetString()
            ?? throw new InvalidOperationException($"{language}.json has no string '{key}'.");
    }
}
