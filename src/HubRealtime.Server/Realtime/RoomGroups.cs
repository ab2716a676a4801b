namespace HubRealtime.Server.Realtime;

/// <summary>SignalR group naming: one group per room.</summary>
internal static class RoomGroups
{
    public static string Name(string roomId) => "room:" + roomId;

    /// <summary>The connections watching the room's activity (<c>WatchActivity</c>), joined or not.</summary>
    public static string Activity(string roomId) => "activity:" + roomId;
}
