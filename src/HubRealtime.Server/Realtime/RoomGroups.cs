namespace HubRealtime.Server.Realtime;

/// <summary>SignalR group naming: one group per room.</summary>
internal static class RoomGroups
{
    public static string Name(string roomId) => "room:" + roomId;
}
