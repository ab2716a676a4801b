using System.Net.Http.Json;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.Playwright;

namespace HubRealtime.Browser.Tests;

/// <summary>
/// One real server (embedded store in a temp directory, its own silo/gateway ports) and one headless
/// Chromium for the whole collection. Each test opens its own browser contexts (= its own users).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>CI installs Chromium from Debian (apt-get install -y chromium); override with HUBREALTIME_CHROMIUM.</summary>
    public static readonly string ChromiumPath =
        Environment.GetEnvironmentVariable("HUBREALTIME_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly TempDirectory _data = new("hubrealtime-browser");
    private HubRealtimeServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private TestUser? _roomMaker;
    private string? _roomMakerToken;
    private string? _hubAdminToken;

    /// <summary>An HTTP client with a (short-lived) bearer token of a hub administrator made for the fixture.</summary>
    public HttpClient HubAdminClient() => Server.Client(_hubAdminToken!);

    /// <summary>The agency of the accounts that <see cref="NewUserAsync"/> makes.</summary>
    public const string AgencyId = "browser-tests";

    public const string AdminEmail = "admin@hubrealtime.local";
    public const string AdminPassword = "sunflower keyboard harbor 42";

    public Uri BaseAddress => Server.BaseAddress;

    public HubRealtimeServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {ChromiumPath}. The browser tests never download a browser: install it " +
                "with 'apt-get install -y chromium' (or point HUBREALTIME_CHROMIUM at a Chromium binary).");
        }

        _server = HubRealtimeServer.StartEmbedded(_data.Path, new Dictionary<string, string?>
        {
            // The web client must work on the cookie session alone (no interim ?user=&name= identity).
            ["HubRealtime:Identity:DevQueryIdentity"] = "false",
            ["HubRealtime:Identity:AdminEmail"] = AdminEmail,
            ["HubRealtime:Identity:AdminPassword"] = AdminPassword,
        });
        // Every member belongs to an agency: one for the tests' accounts, made by a hub admin over HTTP.
        var hubAdmin = await _server.RegisterAsync("fixture-admin", "Fixture admin", hubAdmin: true);
        _hubAdminToken = await _server.IssueTokenAsync(hubAdmin);
        using (var http = _server.Client(_hubAdminToken))
        {
            using var created = await http.PostAsJsonAsync("/api/agencies", new { agencyId = AgencyId, name = "Browser tests agency", country = "CH", kind = "internationalOrganization" });
            created.EnsureSuccessStatusCode();
        }
        _roomMaker = await _server.RegisterAsync("room-maker", "Browser tests", AgencyId);
        _roomMakerToken = await _server.IssueTokenAsync(_roomMaker);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>
    /// A new browser context (a new user: fresh localStorage) in <paramref name="locale"/>. With
    /// <paramref name="strictCsp"/> the page's document comes with a strict Content-Security-Policy, so an
    /// inline script, handler or style would be refused. (Chromium then treats the rewritten document as
    /// public and its Local Network Access checks refuse the WebSocket to 127.0.0.1, so SignalR falls back
    /// to Server-Sent Events: the other tests leave the document alone and run on WebSockets.)
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(string locale = "en-US", bool strictCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1100, Height = 800 },
        });
        if (!strictCsp)
        {
            return context;
        }
        var wsOrigin = $"ws://{BaseAddress.Authority}";
        var csp = $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
                  $"connect-src 'self' {wsOrigin}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.ResourceType != "document")
            {
                await route.ContinueAsync();
                return;
            }
            var response = await route.FetchAsync();
            var headers = new Dictionary<string, string>(response.Headers) { ["content-security-policy"] = csp };
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Headers = headers });
        });
        return context;
    }

    /// <summary>Creates a room through the HTTP API (as a test account with a bearer token) and returns its id.</summary>
    public async Task<string> CreateRoomAsync(string title)
    {
        var roomId = "t-" + Guid.NewGuid().ToString("N")[..12];
        using var http = Server.Client(_roomMakerToken!);
        using var response = await http.PostAsJsonAsync("api/rooms", new { roomId, title });
        response.EnsureSuccessStatusCode();
        return roomId;
    }

    /// <summary>A new account without MFA (registered through the grains) that the page can sign in with.</summary>
    public Task<TestUser> NewUserAsync(string displayName, string? agencyId = null) =>
        Server.RegisterAsync("user", displayName, agencyId ?? AgencyId);

    /// <summary>A new browser context (a new user) signed in through the sign-in page.</summary>
    public async Task<(IBrowserContext Context, ChatPage Page)> SignedInAsync(TestUser user, string locale = "en-US", bool strictCsp = false)
    {
        var context = await NewContextAsync(locale, strictCsp);
        return (context, await ChatPage.SignInAsync(context, user.Email, user.Password));
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
