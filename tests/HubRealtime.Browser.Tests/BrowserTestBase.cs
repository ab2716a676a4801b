using HubRealtime.Testing.Server;
using Microsoft.Playwright;

namespace HubRealtime.Browser.Tests;

/// <summary>
/// What every browser test class shares: the collection's <see cref="BrowserFixture"/>, the browser contexts a
/// test opens (each one a user, all disposed after the test) and the pages whose problems it checks at the end.
/// </summary>
public abstract class BrowserTestBase(BrowserFixture fixture) : IAsyncLifetime
{
    protected static readonly float Timeout = ChatPage.Timeout;

    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<ChatPage> _pages = [];

    protected BrowserFixture Fixture { get; } = fixture;

    /// <summary>A new browser context (a new user), disposed after the test; see <see cref="BrowserFixture.NewContextAsync"/>.</summary>
    protected async Task<IBrowserContext> NewContextAsync(string locale = "en-US", bool strictCsp = false) =>
        Own(await Fixture.NewContextAsync(locale, strictCsp));

    /// <summary>Disposes <paramref name="context"/> after the test (for a context made with options of its own).</summary>
    protected IBrowserContext Own(IBrowserContext context)
    {
        _contexts.Add(context);
        return context;
    }

    /// <summary>Checks <paramref name="page"/> in <see cref="AssertNoPageProblems"/>.</summary>
    protected ChatPage Track(ChatPage page)
    {
        _pages.Add(page);
        return page;
    }

    /// <summary>Fails with what went wrong in any tracked page, if anything did.</summary>
    protected void AssertNoPageProblems()
    {
        foreach (var page in _pages)
        {
            page.AssertNoPageProblems();
        }
    }

    /// <summary>Signs <paramref name="user"/> in through the sign-in page in a new context (with a recovery code when the account uses MFA).</summary>
    protected async Task<ChatPage> SignInAsync(TestUser user) =>
        Track(await ChatPage.SignInAsync(await NewContextAsync(), user));

    /// <summary>A new account without MFA, signed in through the sign-in page in a new context.</summary>
    protected async Task<ChatPage> OpenUserAsync(string displayName) =>
        await SignInAsync(await Fixture.NewUserAsync(displayName));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }
}
