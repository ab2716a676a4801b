using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.Streams;

namespace HubRealtime.Client;

/// <summary>
/// What a client shows of one room, kept by the rules of docs/protocol.md ("Applying events"): message
/// events in their current state, built from a join snapshot, history pages and the events that follow
/// (live or from GetMissed), put in sequence order by the stream machinery's <see cref="SequenceOrder{T}"/>.
/// Not thread-safe: feed it from one place.
/// </summary>
public sealed class RoomTimeline
{
    private readonly SortedDictionary<long, RoomEvent> _messages = [];
    private readonly List<RoomEvent> _notices = [];
    private readonly SequenceOrder<RoomEvent> _order = new(0);

    /// <summary>The last sequence applied: pass it to GetMissed after a reconnect.</summary>
    public long LastSeq => _order.Delivered;

    /// <summary>Message events held, ascending by sequence, in their current state (edited, deleted, reactions).</summary>
    public IReadOnlyList<RoomEvent> Messages => [.. _messages.Values];

    /// <summary>Notices applied since the timeline started, in order.</summary>
    public IReadOnlyList<RoomEvent> Notices => _notices;

    /// <summary>Starts from a join snapshot: its messages already carry their current state.</summary>
    public void Load(RoomSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        AddMessages(snapshot.Events);
        ApplyAll(_order.StartAt(snapshot.LastSeq));
    }

    /// <summary>Adds older messages (GetHistory); messages already held keep their newer state.</summary>
    public void AddHistory(RoomEventPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        AddMessages(page.Events);
    }

    /// <summary>
    /// Applies events in sequence order, dropping those already applied. Returns false at a gap (events
    /// beyond <see cref="LastSeq"/> + 1 wait): call GetMissed(LastSeq) and apply its page; the waiting
    /// events follow by themselves.
    /// </summary>
    public bool Apply(IEnumerable<RoomEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        ApplyAll(_order.Accept(events));
        return !_order.HasGap;
    }

    private void ApplyAll(IEnumerable<RoomEvent> events)
    {
        foreach (var e in events)
        {
            ApplyOne(e);
        }
    }

    private void ApplyOne(RoomEvent e)
    {
        switch (e.Payload)
        {
            case MessagePayload:
                _messages[e.Seq] = e;
                break;
            case NoticePayload:
                _notices.Add(e);
                break;
            // A change to a message this client does not hold is skipped: it comes with its current state.
            case EditPayload edit:
                Change(edit.TargetSeq, m => m with { Text = edit.Text, EditedAt = e.Time });
                break;
            case DeletePayload delete:
                Change(delete.TargetSeq, m => m with { Text = "", Deleted = true, Reactions = [] });
                break;
            case ReactionPayload reaction:
                Change(reaction.TargetSeq, m => m with { Reactions = reaction.Reactions });
                break;
        }
    }

    private void Change(long targetSeq, Func<MessagePayload, MessagePayload> change)
    {
        if (_messages.TryGetValue(targetSeq, out var target) && target.Payload is MessagePayload message)
        {
            _messages[targetSeq] = target with { Payload = change(message) };
        }
    }

    private void AddMessages(IEnumerable<RoomEvent> events)
    {
        foreach (var e in events.Where(e => e.Payload is MessagePayload))
        {
            _messages.TryAdd(e.Seq, e);
        }
    }
}
