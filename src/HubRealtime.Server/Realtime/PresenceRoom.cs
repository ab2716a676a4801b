using HubRealtime.Abstractions.Presence;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// What this silo knows of one room's presence: its local connections, the users whose local count
/// changed since the last report, connections waiting for their first snapshot, and the newest
/// snapshot. Guarded by <see cref="PresenceFanout"/>'s lock.
/// </summary>
internal sealed class PresenceRoom(string roomId)
{
    public sealed class Member(string userId, string displayName)
    {
        public string UserId { get; } = userId;
        public string DisplayName { get; } = displayName;

        /// <summary>When this connection last had a typing signal forwarded (throttle).</summary>
        public DateTimeOffset LastTyping { get; set; } = DateTimeOffset.MinValue;
    }

    public string RoomId { get; } = roomId;

    public Dictionary<string, Member> Connections { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Dirty { get; } = new(StringComparer.Ordinal);

    public List<string> Welcome { get; } = [];

    /// <summary>The next report re-asserts every local connection (refresh, or after a failed report).</summary>
    public bool FullPending { get; set; }

    public bool Reporting { get; set; }

    public PresenceSnapshot? Latest { get; set; }

    /// <summary>A group send of <see cref="Latest"/> is queued and has not read it yet.</summary>
    public bool GroupSendQueued { get; set; }

    public DateTimeOffset LastGroupSend { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Hub sends of this room, chained so clients see snapshots in order.</summary>
    public Task SendTail { get; set; } = Task.CompletedTask;

    public bool HasWork => Dirty.Count > 0 || FullPending || Welcome.Count > 0;

    /// <summary>This silo's count of each user's connections, for the users in <paramref name="userIds"/> (or all).</summary>
    public List<PresenceUser> Counts(IEnumerable<string>? userIds)
    {
        var counts = Connections.Values.GroupBy(m => m.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new PresenceUser(g.Key, g.Last().DisplayName, g.Count()), StringComparer.Ordinal);
        return userIds is null
            ? [.. counts.Values]
            : [.. userIds.Select(id => counts.TryGetValue(id, out var user) ? user : new PresenceUser(id, "", 0))];
    }
}
