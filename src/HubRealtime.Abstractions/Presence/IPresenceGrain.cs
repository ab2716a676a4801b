using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Abstractions.Presence;

/// <summary>
/// Live presence of one room (key: the room id). Kept in memory only: silos report their local
/// connections, one call per batch of changes, never one per connection, and re-assert all of them on
/// a refresh timer; a silo that stops refreshing is forgotten. A user whose last connection goes stays
/// listed for a grace period, so a reconnect within it changes nothing. Only the server calls it, and
/// only for connections the room grain let in.
/// </summary>
[Alias("HubRealtime.Abstractions.Presence.IPresenceGrain")]
public interface IPresenceGrain : IGrainWithStringKey
{
    /// <summary>
    /// A silo's local connection counts per user (0 = that user has no connection left on the silo).
    /// With <paramref name="full"/> the list is everything the silo has and replaces what it reported
    /// before. Subscribes the silo's observer; returns the current snapshot.
    /// </summary>
    [Alias("Report")]
    Task<PresenceSnapshot> Report(IPresenceObserver silo, IReadOnlyList<PresenceUser> users, bool full);

    /// <summary>
    /// As <see cref="Report(IPresenceObserver, IReadOnlyList{PresenceUser}, bool)"/>; with
    /// <paramref name="watched"/> the silo stays subscribed even with no connection counted here (a
    /// connection of it watches the room without being present), until a report says otherwise or it expires.
    /// </summary>
    [Alias("ReportWatched")]
    Task<PresenceSnapshot> Report(IPresenceObserver silo, IReadOnlyList<PresenceUser> users, bool full, bool watched);

    /// <summary>Forwards a typing signal of a present user to every silo of the room (dropped otherwise).</summary>
    [Alias("Typing")]
    Task Typing(Caller caller, string originConnectionId);

    /// <summary>System only: the current snapshot.</summary>
    [Alias("Get")]
    Task<PresenceSnapshot> Get(Caller caller);
}
