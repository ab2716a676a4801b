using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Abstractions.Rooms;

/// <summary>
/// One room (breakout, plenary or working-group room): the single writer of its chat log and the
/// source of its live events. Keyed by a <see cref="RoomId"/>. A room is open to every identified
/// caller unless its owner restricted it (<see cref="RoomAccess"/>): then only its members (and the
/// system) get its info, join, send or read history; anyone else gets forbidden.
/// </summary>
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>Creates the room; fails with room_exists if it already exists.</summary>
    Task<RoomInfo> Create(Caller caller, string title);

    /// <summary>
    /// System only (an owning grain, e.g. a working group): creates the room already restricted by
    /// <paramref name="access"/>, so it is never open, not even for a moment. The room's creator is
    /// the owner scope. Fails with room_exists like <see cref="Create"/>.
    /// </summary>
    Task<RoomInfo> CreateRestricted(Caller caller, string title, RoomAccess access);

    /// <summary>System only: replaces who may use the room (a full replace, so repeating it is harmless).</summary>
    Task ConfigureAccess(Caller caller, RoomAccess access);

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
