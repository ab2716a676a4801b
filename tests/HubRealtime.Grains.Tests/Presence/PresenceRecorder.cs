using HubRealtime.Abstractions.Presence;
using HubRealtime.Testing;

namespace HubRealtime.Grains.Tests.Presence;

/// <summary>Stands in for one silo: records the snapshots and typing signals the presence grain sends it.</summary>
internal sealed class PresenceRecorder : IPresenceObserver
{
    private readonly Arrivals _arrivals = new(TimeSpan.FromSeconds(20));
    private readonly List<PresenceSnapshot> _snapshots = [];
    private readonly List<TypingNotice> _typing = [];

    public IReadOnlyList<PresenceSnapshot> Snapshots => _arrivals.Read(() => _snapshots.ToList());

    public IReadOnlyList<TypingNotice> Typing => _arrivals.Read(() => _typing.ToList());

    public Task OnPresence(PresenceSnapshot snapshot) => Record(() => _snapshots.Add(snapshot));

    public Task OnTyping(TypingNotice notice) => Record(() => _typing.Add(notice));

    /// <summary>Completes once a received snapshot matches (fails after the patience).</summary>
    public Task<PresenceSnapshot> SnapshotAsync(Func<PresenceSnapshot, bool> match) =>
        _arrivals.WaitAsync(() => _snapshots.LastOrDefault(match));

    public Task<TypingNotice> TypingAsync(Func<TypingNotice, bool> match) =>
        _arrivals.WaitAsync(() => _typing.FirstOrDefault(match));

    private Task Record(Action add)
    {
        _arrivals.Record(add);
        return Task.CompletedTask;
    }
}
