namespace HubRealtime.Abstractions.Presence;

/// <summary>
/// One user in a room's presence: several tabs or devices count as one user with a connection count.
/// Silos also use it to report their own local count of a user (0 = none left on that silo).
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Presence.PresenceUser")]
public sealed record PresenceUser(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] int Connections);

/// <summary>
/// Who is in a room, as the presence grain publishes it. <see cref="Epoch"/> (one per grain activation)
/// and <see cref="Version"/> let silos drop a snapshot older than one they already have.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Presence.PresenceSnapshot")]
public sealed record PresenceSnapshot(
    [property: Id(0)] string RoomId,
    [property: Id(1)] IReadOnlyList<PresenceUser> Users,
    [property: Id(2)] Guid Epoch,
    [property: Id(3)] long Version)
{
    /// <summary>True when this snapshot replaces <paramref name="other"/> (a new activation always does).</summary>
    public bool IsNewerThan(PresenceSnapshot? other) => other is null || other.Epoch != Epoch || Version > other.Version;
}

/// <summary>A typing signal on its way to every silo; the origin connection does not get it back.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Presence.TypingNotice")]
public sealed record TypingNotice(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string OriginConnectionId);

/// <summary>
/// The hub event "Presence" and the reply of GetPresence: the full list of present users, at
/// <see cref="Version"/> of presence activation <see cref="Epoch"/> (docs/protocol.md). Sent to one
/// connection (after it joined, or when it asks), or to the group when the epoch changed.
/// </summary>
public sealed record PresenceEvent(string RoomId, IReadOnlyList<PresenceUser> Users, string Epoch = "", long Version = 0);

/// <summary>
/// The hub event "PresenceChanged": what changed from <see cref="FromVersion"/> to <see cref="Version"/>.
/// It holds the final value of every user touched in between, so it applies to any view at a version
/// from FromVersion up to Version (docs/protocol.md).
/// </summary>
public sealed record PresenceChangedEvent(
    string RoomId,
    string Epoch,
    long FromVersion,
    long Version,
    IReadOnlyList<PresenceUser> Joined,
    IReadOnlyList<PresenceUser> Updated,
    IReadOnlyList<string> Left);

/// <summary>The hub event "Typing" (docs/protocol.md).</summary>
public sealed record TypingEvent(string RoomId, string UserId, string DisplayName);
