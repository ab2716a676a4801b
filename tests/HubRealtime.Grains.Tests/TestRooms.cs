using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Tests;

internal static class TestRooms
{
    public static readonly Caller Ann = new("ann@agency.example", "Ann");
    public static readonly Caller Bo = new("bo@agency.example", "Bo");

    public static string NewId() => "room-" + Guid.NewGuid().ToString("N")[..16];

    public static async Task<IRoomGrain> CreateAsync(IGrainFactory grains, string title = "Breakout 1")
    {
        var room = grains.GetGrain<IRoomGrain>(NewId());
        await room.Create(Ann, title);
        return room;
    }

    public static string ClientId() => Guid.NewGuid().ToString("N");
}
