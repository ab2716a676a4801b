using HubRealtime.Abstractions.Rooms;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Realtime;

public static class RealtimeRegistration
{
    /// <summary>
    /// The hub's JSON as the HTTP API's: camelCase, enums as their camelCase names (never numbers), so a
    /// client reads one shape everywhere (docs/protocol.md).
    /// </summary>
    public static ISignalRServerBuilder AddHubRealtimeJsonProtocol(this ISignalRServerBuilder signalR) =>
        signalR.AddJsonProtocol(options => RoomEventJson.Configure(options.PayloadSerializerOptions));

    /// <summary>
    /// This silo's side of the room hub: the one connections service and the per-silo room and presence
    /// fan-out it drives, each a singleton, the fan-outs started and stopped with the host.
    /// </summary>
    public static IServiceCollection AddHubRealtimeConnections(this IServiceCollection services)
    {
        services.AddSingleton<RoomFanout>();
        services.AddHostedService(sp => sp.GetRequiredService<RoomFanout>());
        services.AddSingleton<PresenceFanout>();
        services.AddHostedService(sp => sp.GetRequiredService<PresenceFanout>());
        services.AddSingleton<HubConnections>();
        services.AddSingleton<NoteFanout>();
        services.AddHostedService(sp => sp.GetRequiredService<NoteFanout>());
        services.AddSingleton<NoteConnections>();
        return services;
    }
}
