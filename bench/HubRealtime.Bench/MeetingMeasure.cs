namespace HubRealtime.Bench;

/// <summary>
/// The load agent's measurements, shared by all participants (one histogram per kind, not one per
/// connection: an HdrHistogram is ~300 KB). Deliveries count members other than the sender.
/// </summary>
internal sealed class MeetingMeasure
{
    private volatile Window _window = new(long.MaxValue, long.MaxValue);

    /// <summary>Nothing is measured until the window is set (after every participant joined).</summary>
    public Window Window
    {
        get => _window;
        set => _window = value;
    }

    public Latency BreakoutDeliver { get; } = new();
    public Latency PlenaryDeliver { get; } = new();
    public Latency Ack { get; } = new();

    public long DeliveredInWindow;        // received by another member at a time inside the window (throughput)
    public long DeliveriesOfWindowSends;  // sent inside the window, received by another member whenever (completeness)
    public long DeliveriesTotal;          // every delivery to another member
    public long OwnDeliveries;            // the sender's own copy (not measured)
    public long OutOfOrder;               // seq not exactly last + 1 within a room, per connection
    public long SentBreakoutInWindow;
    public long SentPlenaryInWindow;
    public long SendErrors;
    public string? FirstError;
}
