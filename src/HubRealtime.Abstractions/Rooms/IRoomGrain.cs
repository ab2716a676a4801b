using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Abstractions.Rooms;

/// <summary>
/// One room (breakout, plenary or working-group room): the single writer of its chat log and the
/// source of its live events. Keyed by a <see cref="RoomId"/>.
/// </summary>
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>Creates the room; fails with room_exists if it already exists.</summary>
    Task<RoomInfo> Create(Caller caller, string title);

    /// <summary>The room, or room_not_found.</summary>
    Task<RoomInfo> GetInfo(Caller caller);

    /// <summary>Room, newest history and last sequence for a joining member.</summary>
    Task<RoomSnapshot> Join(Caller caller);

    /// <summary>Appends a message; completes only after it is durably stored.</summary>
    Task<SendAck> Send(Caller caller, SendMessageRequest request);

    /// <summary>Up to <paramref name="limit"/> messages with seq &lt; <paramref name="beforeSeq"/>, ascending.</summary>
    Task<MessagePage> GetHistoryBefore(Caller caller, long beforeSeq, int limit);

    /// <summary>Up to <paramref name="limit"/> messages with seq &gt; <paramref name="afterSeq"/>, ascending (resume).</summary>
    Task<MessagePage> GetHistoryAfter(Caller caller, long afterSeq, int limit);

    /// <summary>
    /// Subscribes a silo's fan-out observer to this room's events and returns the last sequence
    /// already stored, so the observer knows where its live stream starts. Repeat within the
    /// expiry window to stay subscribed.
    /// </summary>
    Task<long> Subscribe(IRoomObserver observer);

    Task Unsubscribe(IRoomObserver observer);
}
