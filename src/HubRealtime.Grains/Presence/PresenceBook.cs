using HubRealtime.Abstractions.Presence;

namespace HubRealtime.Grains.Presence;

/// <summary>
/// The bookkeeping of one room's presence, free of Orleans so its rules are plain to read: what each
/// silo reported, who is leaving since when, and the published list. A change is published only when
/// the published list would differ, so a drop and rejoin within the grace period publishes nothing.
/// </summary>
internal sealed class PresenceBook(TimeSpan gracePeriod, TimeSpan siloExpiry)
{
    private sealed class SiloReport
    {
        public required DateTimeOffset RefreshedAt { get; set; }
        public Dictionary<string, PresenceUser> Users { get; } = new(StringComparer.Ordinal);
    }

    private readonly Dictionary<string, SiloReport> _silos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _leavingSince = new(StringComparer.Ordinal);
    private Dictionary<string, PresenceUser> _shown = new(StringComparer.Ordinal);

    /// <summary>Bumped whenever the published list changes.</summary>
    public long Version { get; private set; }

    /// <summary>The published list, sorted once per change (every report's reply and notification shares it).</summary>
    public IReadOnlyList<PresenceUser> Users { get; private set; } = [];

    /// <summary>The silo has connections here (a silo that reported none is forgotten at once).</summary>
    public bool HasSilo(string silo) => _silos.ContainsKey(silo);

    /// <summary>Listed now (connected, or within the grace period).</summary>
    public bool IsPresent(string userId) => _shown.ContainsKey(userId);

    /// <summary>Silos whose reports were dropped by the last <see cref="Settle"/> (their observers can go).</summary>
    public List<string> ExpiredSilos { get; } = [];

    /// <summary>Applies one silo's report: absolute local counts, and with <paramref name="full"/> a replace of all it had.</summary>
    public void Apply(string silo, IEnumerable<PresenceUser> users, bool full, DateTimeOffset now)
    {
        if (!_silos.TryGetValue(silo, out var report))
        {
            _silos[silo] = report = new SiloReport { RefreshedAt = now };
        }
        report.RefreshedAt = now;
        if (full)
        {
            report.Users.Clear();
        }
        foreach (var user in users)
        {
            if (user.Connections > 0)
            {
                report.Users[user.UserId] = user;
            }
            else
            {
                report.Users.Remove(user.UserId);
            }
        }
        if (report.Users.Count == 0)
        {
            _silos.Remove(silo);
        }
    }

    /// <summary>Drops expired silos and ended grace periods and recomputes the list; true when it changed.</summary>
    public bool Settle(DateTimeOffset now)
    {
        ExpiredSilos.Clear();
        foreach (var (silo, report) in _silos.Where(s => s.Value.RefreshedAt + siloExpiry <= now).ToList())
        {
            // A dead silo's users have been gone since its last sign of life: their grace counts from then.
            foreach (var user in report.Users.Keys)
            {
                _leavingSince.TryAdd(user, report.RefreshedAt);
            }
            _silos.Remove(silo);
            ExpiredSilos.Add(silo);
        }

        var live = new Dictionary<string, PresenceUser>(StringComparer.Ordinal);
        foreach (var user in _silos.Values.SelectMany(s => s.Users.Values))
        {
            live[user.UserId] = live.TryGetValue(user.UserId, out var seen)
                ? seen with { Connections = seen.Connections + user.Connections }
                : user;
        }
        var next = new Dictionary<string, PresenceUser>(live, StringComparer.Ordinal);
        foreach (var user in live.Keys)
        {
            _leavingSince.Remove(user);
        }
        foreach (var (userId, shown) in _shown.Where(s => !live.ContainsKey(s.Key)))
        {
            // Within the grace period the user stays exactly as last shown.
            var since = _leavingSince.TryGetValue(userId, out var at) ? at : _leavingSince[userId] = now;
            if (since + gracePeriod > now)
            {
                next[userId] = shown;
            }
            else
            {
                _leavingSince.Remove(userId);
            }
        }
        // Grace entries of users who were never shown (a silo that expired before its report counted) go too.
        foreach (var userId in _leavingSince.Keys.Where(u => !next.ContainsKey(u)).ToList())
        {
            _leavingSince.Remove(userId);
        }

        var changed = next.Count != _shown.Count || next.Any(n => !_shown.TryGetValue(n.Key, out var old) || old != n.Value);
        _shown = next;
        if (changed)
        {
            Version++;
            Users = [.. _shown.Values.OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(u => u.UserId, StringComparer.Ordinal)];
        }
        return changed;
    }

    /// <summary>When the next grace period or silo expiry ends, if any.</summary>
    public DateTimeOffset? NextDeadline()
    {
        var deadlines = _silos.Values.Select(s => s.RefreshedAt + siloExpiry)
            .Concat(_leavingSince.Values.Select(since => since + gracePeriod));
        return deadlines.Any() ? deadlines.Min() : null;
    }
}
