using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// This silo's view of one room's live stream: how many local connections joined it, the last
/// sequence handed to them, and messages that arrived ahead of a gap. Guarantees that local
/// connections get each message once, in sequence order, whatever order the grain's one-way
/// notifications arrive in.
/// </summary>
internal sealed class RoomFeed(string roomId)
{
    private readonly SortedDictionary<long, ChatMessage> _ahead = [];
    private long _delivered = -1; // unknown until the subscription answers

    public string RoomId { get; } = roomId;
    public Task? Subscription { get; set; }
    public bool FillingGap { get; set; }

    /// <summary>Tail of the ordered chain of hub sends for this room.</summary>
    public Task SendTail { get; set; } = Task.CompletedTask;

    public long Delivered => _delivered;

    /// <summary>True when messages are waiting behind a gap (or before the start is known).</summary>
    public bool HasGap => _ahead.Count > 0;

    /// <summary>Sets where the live stream starts (the room's last sequence at subscription) and returns what can go out now.</summary>
    public ChatMessage[] StartAt(long lastSeq)
    {
        if (_delivered < lastSeq)
        {
            _delivered = lastSeq;
        }
        return Drain();
    }

    /// <summary>Takes newly arrived messages and returns those that can go out now, in order.</summary>
    public ChatMessage[] Accept(IEnumerable<ChatMessage> messages)
    {
        foreach (var message in messages)
        {
            if (message.Seq > _delivered)
            {
                _ahead[message.Seq] = message;
            }
        }
        return _delivered < 0 ? [] : Drain();
    }

    private ChatMessage[] Drain()
    {
        var ready = new List<ChatMessage>();
        while (_ahead.Count > 0)
        {
            var first = _ahead.First();
            if (first.Key <= _delivered)
            {
                _ahead.Remove(first.Key);
                continue;
            }
            if (first.Key != _delivered + 1)
            {
                break;
            }
            ready.Add(first.Value);
            _ahead.Remove(first.Key);
            _delivered = first.Key;
        }
        return [.. ready];
    }
}
