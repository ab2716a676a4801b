using Orleans.Concurrency;

namespace HubRealtime.Abstractions.Rooms;

/// <summary>
/// Implemented once per silo (not per connection): the room grain sends each committed batch once to
/// every subscribed silo, and the silo fans it out to its local SignalR connections.
/// </summary>
[Alias("HubRealtime.Abstractions.Rooms.IRoomObserver")]
public interface IRoomObserver : IGrainObserver
{
    /// <summary>A batch of newly stored events, contiguous and ascending by sequence.</summary>
    [OneWay, Alias("OnEvents")]
    Task OnEvents(string roomId, IReadOnlyList<RoomEvent> events);

    /// <summary>
    /// These users lost access to the room (removed from its working group): the silo takes their live
    /// connections out of the room's stream at once.
    /// </summary>
    [OneWay, Alias("OnAccessRevoked")]
    Task OnAccessRevoked(string roomId, IReadOnlyList<string> userIds);
}
