namespace HubRealtime.Grains.Streams;

/// <summary>
/// Acknowledgements of the latest appends by (sender, client key), so a resend within the window is
/// answered from memory; older resends fall back to the log's idempotency index. Bounded.
/// </summary>
internal sealed class RecentAcks<TAck>(int capacity)
{
    private readonly Dictionary<(string Sender, string ClientKey), TAck> _acks = new(capacity);
    private readonly Queue<(string Sender, string ClientKey)> _order = new(capacity);

    public bool TryGet(string senderId, string clientKey, out TAck ack) =>
        _acks.TryGetValue((senderId, clientKey), out ack!);

    public void Clear()
    {
        _acks.Clear();
        _order.Clear();
    }

    public void Add(string senderId, string clientKey, TAck ack)
    {
        var key = (senderId, clientKey);
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
