using HubRealtime.Abstractions.Realtime;
using System.Collections.Concurrent;
using HubRealtime.Abstractions.Rooms;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Bench;

/// <summary>
/// The baseline: a bare ASP.NET Core SignalR hub on its own Kestrel, no Orleans, no storage. Same hub
/// path, method names, JSON shapes and transport as HubRealtime, so the same client drives both.
/// </summary>
internal sealed class BaselineServer : IBenchTarget
{
    private readonly WebApplication _app;

    private readonly int? _hubParallel;

    private BaselineServer(WebApplication app, Uri address, string[] rooms, int? hubParallel)
    {
        _hubParallel = hubParallel;
        _app = app;
        BaseAddress = address;
        RoomIds = rooms;
    }

    public string Name => "baseline";
    public Uri BaseAddress { get; }

    /// <summary>The bare hub reads the query identity; no accounts.</summary>
    public bool UsesAccounts => false;

    public Task<string?> AccessTokenAsync(int index, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    public IReadOnlyList<string> RoomIds { get; }
    public string Description => "bare SignalR hub: Interlocked sequence + Clients.Group(...).SendAsync, nothing stored"
        + (_hubParallel is { } n ? $"; EXPERIMENT MaximumParallelInvocationsPerClient={n}" : "");
    public ServerProbe? Probe => null;

    public static async Task<BaselineServer> StartAsync(int rooms, int? hubParallel)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = 32 * 1024;
            o.MaximumParallelInvocationsPerClient = hubParallel ?? 1;
        })
            // The product's JSON (string enums, typed payloads): the client reads nothing else.
            .AddJsonProtocol(o => RoomEventJson.Configure(o.PayloadSerializerOptions));
        builder.Services.AddSingleton<BaselineRooms>();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapHub<BaselineHub>(BaselineHub.Path);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BaselineServer(app, new Uri(address), BenchRooms.Ids(rooms), hubParallel);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>Per-room sequence counters of the baseline.</summary>
internal sealed class BaselineRooms
{
    private readonly ConcurrentDictionary<string, StrongBox> _seq = new(StringComparer.Ordinal);

    public long Current(string roomId) => Interlocked.Read(ref _seq.GetOrAdd(roomId, _ => new StrongBox()).Value);

    public long Next(string roomId) => Interlocked.Increment(ref _seq.GetOrAdd(roomId, _ => new StrongBox()).Value);

    private sealed class StrongBox
    {
        public long Value;
    }
}

internal sealed class BaselineHub(BaselineRooms rooms) : Hub
{
    public const string Path = "/hubs/room";

    public async Task<RoomSnapshot> JoinRoom(string roomId)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, roomId);
        var info = new RoomInfo(roomId, roomId, DateTimeOffset.UtcNow, "bench");
        return new RoomSnapshot(info, [], rooms.Current(roomId));
    }

    public async Task<SendAck> SendMessage(string roomId, SendMessageRequest request)
    {
        var (clientMessageId, text) = (request.ClientMessageId, request.Text);
        var seq = rooms.Next(roomId);
        var query = Context.GetHttpContext()?.Request.Query;
        var sender = new EventActor(query?["user"].ToString() ?? "", query?["name"].ToString() ?? "");
        var message = new RoomEvent(roomId, seq, RoomEventKind.Message, DateTimeOffset.UtcNow, sender, new MessagePayload(clientMessageId, text, null, null, false, []));
        await Clients.Group(roomId).SendAsync(RoomClientEvents.Events, roomId, new[] { message });
        return new SendAck(roomId, seq, clientMessageId, message.Time, Duplicate: false);
    }
}
