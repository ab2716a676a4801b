using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Rooms;

/// <summary>
/// The newest events of a room, in memory and in their current state, so joins and short resumes are
/// served without a storage read. Bounded: memory does not grow with history. Sequences held are dense.
/// </summary>
internal sealed class RecentMessages(int capacity)
{
    private readonly List<ChatMessage> _messages = new(capacity);

    public int Capacity => capacity;

    /// <summary>Lowest sequence held, or 0 when empty.</summary>
    public long FirstSeq => _messages.Count > 0 ? _messages[0].Seq : 0;

    public void Clear() => _messages.Clear();

    public void AddRange(IEnumerable<ChatMessage> messages)
    {
        foreach (var message in messages)
        {
            if (_messages.Count == capacity)
            {
                _messages.RemoveAt(0);
            }
            _messages.Add(message);
        }
    }

    /// <summary>Swaps in the new state of a held message (an edit, delete or reaction changed it); no-op if not held.</summary>
    public void Replace(ChatMessage updated)
    {
        var index = updated.Seq - FirstSeq;
        if (_messages.Count > 0 && index >= 0 && index < _messages.Count && _messages[(int)index].Seq == updated.Seq)
        {
            _messages[(int)index] = updated;
        }
    }

    /// <summary>
    /// A delete erased a message: blank the text of its earlier Edit events held here, as the stores do
    /// in the same write (otherwise history and joins would still show the edited text).
    /// </summary>
    public void EraseEditsOf(long targetSeq)
    {
        for (var i = 0; i < _messages.Count; i++)
        {
            if (_messages[i] is { Kind: RoomEventKind.Edit, Text.Length: > 0 } edit && edit.TargetSeq == targetSeq)
            {
                _messages[i] = edit with { Text = "" };
            }
        }
    }

    /// <summary>Drops the oldest events sent before <paramref name="cutoff"/> (a retention purge removed them).</summary>
    public void RemoveOlderThan(DateTimeOffset cutoff)
    {
        var count = 0;
        while (count < _messages.Count && _messages[count].SentAt < cutoff)
        {
            count++;
        }
        _messages.RemoveRange(0, count);
    }

    /// <summary>
    /// The first <paramref name="limit"/> messages with sequence in [from, to], if this buffer holds that
    /// range; null when the range starts before what is held (the caller reads storage instead).
    /// </summary>
    public IReadOnlyList<ChatMessage>? TryGetRange(long from, long to, int limit = int.MaxValue)
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
        return _messages.Where(m => m.Seq >= from && m.Seq <= to).Take(limit).ToList();
    }

    public IReadOnlyList<ChatMessage> Newest(int count) => _messages.Skip(Math.Max(0, _messages.Count - count)).ToList();
}
