using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Server.Realtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Options;

namespace HubRealtime.Bench;

/// <summary>
/// The real HubRealtime server in process (WebApplicationFactory on a real Kestrel socket), embedded
/// SQLite storage in a fresh directory, one silo on free ports, the bench rooms seeded at start. Bench
/// users are real accounts (made through the grains on first use) that connect with bearer tokens from
/// the token endpoint; the interim query identity is off.
/// </summary>
internal sealed class HubRealtimeTarget : IBenchTarget
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _dataDirectory;
    private readonly int? _hubParallel;
    private readonly int _effectiveParallel;
    private readonly HttpClient _http;
    private bool _keepDirectory;
    private const string BenchPassword = "bench password that is long enough";
    private const string BenchAgency = "bench";

    private HubRealtimeTarget(WebApplicationFactory<Program> factory, Uri address, string dataDirectory, string[] rooms, ServerProbe? probe, int? hubParallel)
    {
        _hubParallel = hubParallel;
        _effectiveParallel = factory.Services.GetRequiredService<IOptions<HubOptions<RoomHub>>>().Value.MaximumParallelInvocationsPerClient;
        _factory = factory;
        BaseAddress = address;
        _dataDirectory = dataDirectory;
        RoomIds = rooms;
        Probe = probe;
        _http = new HttpClient { BaseAddress = address };
    }

    public string Name => "hubrealtime";
    public Uri BaseAddress { get; }
    public IReadOnlyList<string> RoomIds { get; }
    public ServerProbe? Probe { get; }
    public string Description => $"Orleans room grain + SQLite (WAL, synchronous=FULL) in {_dataDirectory} on {FileSystems.TypeOf(_dataDirectory)}; ack after durable commit"
        + (Probe is null ? "" : "; PROBED (hub filter, grain call filter, timing decorators on the chat log and the hub context)")
        + (_hubParallel is not null ? $"; EXPERIMENT MaximumParallelInvocationsPerClient={_effectiveParallel} (effective)" : "");

    public bool UsesAccounts => true;

    /// <summary>The in-process server's services (grain factory, token issuer) for scenario set-up.</summary>
    public IServiceProvider Services => _factory.Services;

    public async Task<string?> AccessTokenAsync(int index, CancellationToken cancellationToken)
    {
        var email = $"bench-u{index}@bench.hubrealtime.test";
        var user = _factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(email);
        await user.Register(Caller.System, new NewAccount($"Bench user {index}", BenchPassword, BenchAgency, AgencyRole.Member, false, false));
        using var response = await _http.PostAsJsonAsync("/api/auth/token", new { email, password = BenchPassword }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("accessToken").GetString();
    }

    /// <param name="copyFrom">A stopped server's data directory to start from (e.g. with accounts already registered).</param>
    /// <param name="keepDirectory">Use this data directory and keep it on dispose (to make such a copy source).</param>
    public static HubRealtimeTarget Start(int rooms, string? dataParent, bool probe, int? hubParallel, string? copyFrom = null, string? keepDirectory = null)
    {
        var parent = dataParent ?? Path.GetTempPath();
        var dataDirectory = keepDirectory ?? Path.Combine(Path.GetFullPath(parent), $"hubrealtime-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        if (copyFrom is not null)
        {
            CopyDirectory(copyFrom, dataDirectory);
        }
        var roomIds = BenchRooms.Ids(rooms);
        var serverProbe = probe ? new ServerProbe() : null;
        // WebApplicationFactory looks for MvcTestingAppManifest.json (the server's content root) in the
        // current directory; `dotnet run --project` leaves that at the caller's directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(Environments.Production);
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            web.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
            web.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
            web.UseSetting("Logging:LogLevel:Orleans", "Warning");
            web.UseSetting("HubRealtime:Storage:Provider", "Embedded");
            web.UseSetting("HubRealtime:Storage:DataDirectory", dataDirectory);
            web.UseSetting("HubRealtime:Cluster:Mode", "Localhost");
            // The load generator is not a person: per-user abuse limits would cap the measurement itself.
            web.UseSetting("HubRealtime:RateLimits:Enabled", "false");
            // Real identities only; the longest token lifetime allowed, since a connection closes when its token expires.
            web.UseSetting("HubRealtime:Identity:DevQueryIdentity", "false");
            web.UseSetting("HubRealtime:Identity:AccessTokenMinutes", "60");
            web.UseSetting("HubRealtime:Identity:AdminPassword", "Bench-bootstrap-" + Guid.NewGuid().ToString("N"));
            web.UseSetting("HubRealtime:Cluster:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("HubRealtime:Cluster:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (var i = 0; i < roomIds.Length; i++)
            {
                web.UseSetting($"HubRealtime:SeedRooms:{i}:RoomId", roomIds[i]);
                web.UseSetting($"HubRealtime:SeedRooms:{i}:Title", $"Bench room {i}");
            }
            web.ConfigureTestServices(services =>
            {
                services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
                if (hubParallel is not null || serverProbe is not null)
                {
                    // One AddHubOptions call (each call re-adds the setup that copies the global options
                    // over the per-hub ones), then PostConfigure so that nothing copies over our values.
                    services.AddSignalR().AddHubOptions<RoomHub>(_ => { });
                    services.PostConfigure<HubOptions<RoomHub>>(o =>
                    {
                        if (hubParallel is { } parallel)
                        {
                            // Experiment only: RoomHub relies on one invocation at a time for JoinRoom and
                            // LeaveRoom; the bench joins before it sends, so SendMessage only reads the set.
                            o.MaximumParallelInvocationsPerClient = parallel;
                        }
                        if (serverProbe is not null)
                        {
                            o.AddFilter(serverProbe.HubFilter);
                        }
                    });
                }
                if (serverProbe is not null)
                {
                    serverProbe.Install(services);
                }
            });
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = new UriBuilder(addresses.First()) { Host = "127.0.0.1" }.Uri;
        return new HubRealtimeTarget(factory, address, dataDirectory, roomIds, serverProbe, hubParallel) { _keepDirectory = keepDirectory is not null };
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        if (_keepDirectory)
        {
            return;
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
