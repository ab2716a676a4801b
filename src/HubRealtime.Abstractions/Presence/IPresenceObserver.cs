using Orleans.Concurrency;

namespace HubRealtime.Abstractions.Presence;

/// <summary>
/// Implemented once per silo: the presence grain sends each change of a room's presence, and each
/// typing signal, once to every silo that has connections in the room.
/// </summary>
[Alias("HubRealtime.Abstractions.Presence.IPresenceObserver")]
public interface IPresenceObserver : IGrainObserver
{
    /// <summary>The room's presence changed; this is the full new list.</summary>
    [OneWay, Alias("OnPresence")]
    Task OnPresence(PresenceSnapshot snapshot);

    /// <summary>Someone in the room is typing.</summary>
    [OneWay, Alias("OnTyping")]
    Task OnTyping(TypingNotice notice);
}
