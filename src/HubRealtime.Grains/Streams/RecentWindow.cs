using HubRealtime.Abstractions.Streams;

namespace HubRealtime.Grains.Streams;

/// <summary>
/// The newest events of a stream, in memory and in their current state, so joins and short resumes are
/// served without a storage read. Bounded: memory does not grow with history. Sequences held are dense.
/// </summary>
internal sealed class RecentWindow<T>(int capacity) where T : class, ISequenced
{
    private readonly List<T> _events = new(capacity);

    public int Capacity => capacity;

    /// <summary>Lowest sequence held, or 0 when empty.</summary>
    public long FirstSeq => _events.Count > 0 ? _events[0].Seq : 0;

    public void Clear() => _events.Clear();

    public void AddRange(IEnumerable<T> events)
    {
        foreach (var e in events)
        {
            if (_events.Count == capacity)
            {
                _events.RemoveAt(0);
            }
            _events.Add(e);
        }
    }

    /// <summary>Swaps in the new state of a held event (a later event changed it); no-op if not held.</summary>
    public void Replace(T updated)
    {
        var index = updated.Seq - FirstSeq;
        if (_events.Count > 0 && index >= 0 && index < _events.Count && _events[(int)index].Seq == updated.Seq)
        {
            _events[(int)index] = updated;
        }
    }

    /// <summary>The held events that match <paramref name="match"/>, ascending (a change finds the events it rewrites).</summary>
    public IReadOnlyList<T> Held(Func<T, bool> match) => [.. _events.Where(match)];

    /// <summary>Drops the oldest events while <paramref name="expired"/> holds (a retention purge removed them).</summary>
    public void RemoveOldestWhile(Func<T, bool> expired)
    {
        var count = 0;
        while (count < _events.Count && expired(_events[count]))
        {
            count++;
        }
        _events.RemoveRange(0, count);
    }

    /// <summary>
    /// The first <paramref name="limit"/> events with sequence in [from, to], if this window holds that
    /// range; null when the range starts before what is held (the caller reads storage instead).
    /// </summary>
    public IReadOnlyList<T>? TryGetRange(long from, long to, int limit = int.MaxValue)
    {
        if (to < from)
        {
            return [];
        }
        var first = FirstSeq;
        if (first == 0 || from < first)
        {
            return null;
        }
        return _events.Where(e => e.Seq >= from && e.Seq <= to).Take(limit).ToList();
    }

    public IReadOnlyList<T> Newest(int count) => _events.Skip(Math.Max(0, _events.Count - count)).ToList();
}
