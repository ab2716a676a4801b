using HubRealtime.Abstractions.Streams;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// This silo's view of one stream's live events (a room's today; a note's or a poll's on the same
/// machinery): how many local connections joined it, the last sequence handed to them, and events that
/// arrived ahead of a gap. Guarantees that local connections get each event once, in sequence order,
/// whatever order the grain's one-way notifications arrive in (<see cref="SequenceOrder{T}"/>).
/// </summary>
internal sealed class OrderedFeed<T>(string streamId) where T : ISequenced
{
    private readonly SequenceOrder<T> _order = new(); // start unknown until the subscription answers

    public string StreamId { get; } = streamId;

    public Task? Subscription { get; set; }
    public bool FillingGap { get; set; }

    /// <summary>Tail of the ordered chain of hub sends for this stream.</summary>
    public Task SendTail { get; set; } = Task.CompletedTask;

    public long Delivered => _order.Delivered;

    /// <summary>True when events are waiting behind a gap (or before the start is known).</summary>
    public bool HasGap => _order.HasGap;

    /// <summary>Sets where the live stream starts (the last sequence at subscription) and returns what can go out now.</summary>
    public T[] StartAt(long lastSeq) => [.. _order.StartAt(lastSeq)];

    /// <summary>Takes newly arrived events and returns those that can go out now, in order.</summary>
    public T[] Accept(IEnumerable<T> events) => [.. _order.Accept(events)];
}
