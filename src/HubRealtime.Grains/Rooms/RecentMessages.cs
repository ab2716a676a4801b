using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Rooms;

/// <summary>
/// The newest messages of a room, in memory, so joins and short resumes are served without a storage
/// read. Bounded: memory does not grow with history.
/// </summary>
internal sealed class RecentMessages(int capacity)
{
    private readonly Queue<ChatMessage> _messages = new(capacity);

    public int Capacity => capacity;

    /// <summary>Lowest sequence held, or 0 when empty.</summary>
    public long FirstSeq => _messages.TryPeek(out var first) ? first.Seq : 0;

    public void Clear() => _messages.Clear();

    public void AddRange(IEnumerable<ChatMessage> messages)
    {
        foreach (var message in messages)
        {
            if (_messages.Count == capacity)
            {
                _messages.Dequeue();
            }
            _messages.Enqueue(message);
        }
    }

    /// <summary>
    /// Messages with sequence in [from, to], if this buffer holds that whole range; null when the
    /// range starts before what is held (the caller reads storage instead).
    /// </summary>
    public IReadOnlyList<ChatMessage>? TryGetRange(long from, long to)
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
        return _messages.Where(m => m.Seq >= from && m.Seq <= to).ToList();
    }

    public IReadOnlyList<ChatMessage> Newest(int count) => _messages.Skip(Math.Max(0, _messages.Count - count)).ToList();
}
