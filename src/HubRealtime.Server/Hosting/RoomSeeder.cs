using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Server.Configuration;
using Microsoft.Extensions.Options;

namespace HubRealtime.Server.Hosting;

/// <summary>Creates the configured seed rooms once the silo runs; rooms that exist are left as they are.</summary>
internal sealed partial class RoomSeeder(IGrainFactory grains, IOptions<HubRealtimeOptions> options, ILogger<RoomSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var room in options.Value.SeedRooms)
        {
            try
            {
                await grains.GetGrain<IRoomGrain>(room.RoomId).Create(Caller.System, room.Title);
                LogSeeded(room.RoomId);
            }
            catch (HubRealtimeException error) when (error.Code == ErrorCodes.RoomExists)
            {
                // Seeded on an earlier start.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created seed room {RoomId}")]
    private partial void LogSeeded(string roomId);
}
