using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Testing.Server;

/// <summary>
/// The real server (silo + Kestrel on 127.0.0.1) for tests, with its own silo and gateway ports so that
/// test classes can run servers in parallel. Dispose it to stop it; start another on the same storage to
/// test a restart.
/// </summary>
public sealed class HubRealtimeServer : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private HubRealtimeServer(WebApplicationFactory<Program> factory, Uri baseAddress)
    {
        _factory = factory;
        BaseAddress = baseAddress;
    }

    /// <summary>The hub administrator every test server bootstraps (it must enrol MFA before it can act).</summary>
    public const string AdminEmail = "admin@hubrealtime.test";

    public const string AdminPassword = "Correct-horse-battery-9";

    /// <summary>The server's root, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>A server on the embedded store in <paramref name="dataDirectory"/>; <paramref name="web"/> may add test services or loggers.</summary>
    public static HubRealtimeServer StartEmbedded(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null, Action<IWebHostBuilder>? web = null) =>
        Start(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["HubRealtime:Storage:Provider"] = "Embedded",
            ["HubRealtime:Storage:DataDirectory"] = dataDirectory,
        }, web);

    /// <summary>A server on Azure Storage (Azurite in tests).</summary>
    public static HubRealtimeServer StartAzure(string connectionString, IReadOnlyDictionary<string, string?>? settings = null) =>
        Start(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["HubRealtime:Storage:Provider"] = "AzureStorage",
            ["HubRealtime:Storage:ConnectionString"] = connectionString,
        });

    public static HubRealtimeServer Start(IDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null)
    {
        var ports = FreePorts.Get(2);
        // Any free HTTP port on loopback (appsettings.json names a fixed one for `dotnet run`).
        settings.TryAdd("Urls", "http://127.0.0.1:0");
        // Real identities only: callers sign in (TestAccounts); tests of the interim query identity turn it on.
        settings.TryAdd("HubRealtime:Identity:DevQueryIdentity", "false");
        settings.TryAdd("HubRealtime:Identity:AdminEmail", AdminEmail);
        settings.TryAdd("HubRealtime:Identity:AdminPassword", AdminPassword);
        // Tests sign in many times from one address; the sign-in limit has tests of its own.
        settings.TryAdd("HubRealtime:RateLimits:SignIn:PermitLimit", "10000");
        // Token requests are anonymous /api calls, so they also draw on the per-address API budget.
        settings.TryAdd("HubRealtime:RateLimits:Api:TokenLimit", "10000");
        settings.TryAdd("HubRealtime:Cluster:SiloPort", ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        settings.TryAdd("HubRealtime:Cluster:GatewayPort", ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Each server gets its own cluster id so that two servers alive at once never meet.
        settings.TryAdd("HubRealtime:Cluster:ClusterId", "test-" + Guid.NewGuid().ToString("N")[..12]);

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
            web.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            configure?.Invoke(web);
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal)))
            .First();
        return new HubRealtimeServer(factory, new Uri(address, "/"));
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
