using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Rooms;

/// <summary>
/// Acknowledgements of the latest sends by (sender, client message id), so a resend within the window
/// is answered from memory; older resends fall back to the chat log's idempotency index. Bounded.
/// </summary>
internal sealed class RecentAcks(int capacity)
{
    private readonly Dictionary<(string Sender, string ClientId), SendAck> _acks = new(capacity);
    private readonly Queue<(string Sender, string ClientId)> _order = new(capacity);

    public bool TryGet(string senderId, string clientMessageId, out SendAck ack) =>
        _acks.TryGetValue((senderId, clientMessageId), out ack!);

    public void Clear()
    {
        _acks.Clear();
        _order.Clear();
    }

    public void Add(string senderId, SendAck ack)
    {
        var key = (senderId, ack.ClientMessageId);
        if (!_acks.TryAdd(key, ack))
        {
            return;
        }
        _order.Enqueue(key);
        if (_order.Count > capacity)
        {
            _acks.Remove(_order.Dequeue());
        }
    }
}
