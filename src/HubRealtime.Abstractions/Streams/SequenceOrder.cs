namespace HubRealtime.Abstractions.Streams;

/// <summary>
/// Puts the events of one stream back in sequence order: each event once, none skipped, whatever order
/// (and however often) they arrive in. Events beyond a gap wait until the gap is filled. Used by the
/// per-silo feed (one-way notifications may be reordered) and by the .NET client's timeline (a live push
/// may overtake a GetMissed page). Not thread-safe: callers serialize access.
/// </summary>
public sealed class SequenceOrder<T> where T : ISequenced
{
    private readonly SortedDictionary<long, T> _ahead = [];
    private long _highestSeen;

    /// <summary>An order whose start is not known yet (<see cref="Delivered"/> -1): nothing goes out before <see cref="StartAt"/>.</summary>
    public SequenceOrder()
    {
    }

    /// <summary>An order that starts after <paramref name="delivered"/> (0: from the first event).</summary>
    public SequenceOrder(long delivered) => Delivered = delivered;

    /// <summary>The last sequence released, or -1 while the start is unknown.</summary>
    public long Delivered { get; private set; } = -1;

    /// <summary>True when events are waiting behind a gap (or before the start is known).</summary>
    public bool HasGap => _ahead.Count > 0;

    /// <summary>The highest sequence seen so far (released or waiting).</summary>
    public long KnownLastSeq => Math.Max(Delivered, _highestSeen);

    /// <summary>
    /// Moves the start to <paramref name="lastSeq"/> if it is beyond what was released (events up to it
    /// are already known to the receiver, e.g. from a snapshot) and returns what can go out now.
    /// </summary>
    public IReadOnlyList<T> StartAt(long lastSeq)
    {
        if (Delivered < lastSeq)
        {
            Delivered = lastSeq;
        }
        return Drain();
    }

    /// <summary>Takes newly arrived events and returns those that can go out now, in order.</summary>
    public IReadOnlyList<T> Accept(IEnumerable<T> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            if (e.Seq > Delivered)
            {
                _ahead[e.Seq] = e;
                _highestSeen = Math.Max(_highestSeen, e.Seq);
            }
        }
        return Delivered < 0 ? [] : Drain();
    }

    private List<T> Drain()
    {
        var ready = new List<T>();
        while (_ahead.Count > 0)
        {
            var first = _ahead.First();
            if (first.Key <= Delivered)
            {
                _ahead.Remove(first.Key);
                continue;
            }
            if (first.Key != Delivered + 1)
            {
                break;
            }
            ready.Add(first.Value);
            _ahead.Remove(first.Key);
            Delivered = first.Key;
        }
        return ready;
    }
}
