using HubRealtime.Abstractions.Presence;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// What this silo knows of one room's presence: its local connections, the users whose local count
/// changed since the last report, connections waiting for their first snapshot, the newest
/// snapshot, and how far the room's group got in the delta stream. Guarded by <see cref="PresenceFanout"/>'s lock.
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

    /// <summary>Local connections that watch the room: in its group and given its list, never counted.</summary>
    public HashSet<string> Watchers { get; } = new(StringComparer.Ordinal);

    /// <summary>This silo wants the room's presence events (a connection is present or watching here).</summary>
    public bool Wanted => Connections.Count > 0 || Watchers.Count > 0;

    public List<string> Welcome { get; } = [];

    /// <summary>The next report re-asserts every local connection (refresh, or after a failed report).</summary>
    public bool FullPending { get; set; }

    public bool Reporting { get; set; }

    /// <summary>The newest snapshot this silo has seen (set it through <see cref="See"/>).</summary>
    public PresenceSnapshot? Latest { get; private set; }

    /// <summary>
    /// Where the group's delta stream stands: every connection in the group that has a view holds this
    /// version or a later snapshot this silo has seen. Null until the first snapshot went out here.
    /// </summary>
    public PresenceSnapshot? Sent { get; set; }

    /// <summary>Users whose entry differed between any two snapshots seen since <see cref="Sent"/>.</summary>
    public HashSet<string> Touched { get; } = new(StringComparer.Ordinal);

    /// <summary>A group send of <see cref="Latest"/> is queued and has not read it yet.</summary>
    public bool GroupSendQueued { get; set; }

    public DateTimeOffset LastGroupSend { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Hub sends of this room, chained so clients see snapshots in order.</summary>
    public Task SendTail { get; set; } = Task.CompletedTask;

    public bool HasWork => Dirty.Count > 0 || FullPending || Welcome.Count > 0;

    /// <summary>Takes a newer snapshot as <see cref="Latest"/>, noting who changed since the previous one.</summary>
    public void See(PresenceSnapshot snapshot)
    {
        if (Latest is { } previous && Sent is not null && previous.Epoch == snapshot.Epoch)
        {
            var before = previous.Users.ToDictionary(u => u.UserId, StringComparer.Ordinal);
            foreach (var user in snapshot.Users)
            {
                if (!before.Remove(user.UserId, out var old) || old != user)
                {
                    Touched.Add(user.UserId);
                }
            }
            Touched.UnionWith(before.Keys);
        }
        Latest = snapshot;
    }

    /// <summary>
    /// The delta that brings the group from <see cref="Sent"/> to <see cref="Latest"/>, and marks it sent;
    /// null when a full snapshot must go instead (nothing sent yet, or a new presence activation).
    /// </summary>
    public PresenceChangedEvent? TakeDelta()
    {
        if (Latest is not { } latest || Sent is not { } sent || sent.Epoch != latest.Epoch)
        {
            return null;
        }
        var now = latest.Users.ToDictionary(u => u.UserId, StringComparer.Ordinal);
        var before = sent.Users.Select(u => u.UserId).ToHashSet(StringComparer.Ordinal);
        // Every touched user goes out with its final value, even one that ended as it started: a view
        // at an intermediate version (a later welcome snapshot) may hold something else for it.
        var touched = Touched.Order(StringComparer.Ordinal).ToList();
        var delta = new PresenceChangedEvent(RoomId, latest.Epoch.ToString("N"), sent.Version, latest.Version,
            [.. touched.Where(id => now.ContainsKey(id) && !before.Contains(id)).Select(id => now[id])],
            [.. touched.Where(id => now.ContainsKey(id) && before.Contains(id)).Select(id => now[id])],
            [.. touched.Where(id => !now.ContainsKey(id))]);
        MarkSent(latest);
        return delta;
    }

    /// <summary>The group (or a newcomer, while nothing was sent yet) now starts from <paramref name="snapshot"/>.</summary>
    public void MarkSent(PresenceSnapshot snapshot)
    {
        Sent = snapshot;
        Touched.Clear();
    }

    public static PresenceEvent Full(PresenceSnapshot snapshot) =>
        new(snapshot.RoomId, snapshot.Users, snapshot.Epoch.ToString("N"), snapshot.Version);

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
