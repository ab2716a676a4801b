using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.Streams;

namespace HubRealtime.Client;

/// <summary>
/// What a client shows of one room, kept by the rules of docs/protocol.md ("Chat: the room event stream"):
/// message rows in their current state, built from a join snapshot, history pages and the events that
/// follow (live or from GetMissed), put in sequence order by the stream machinery's <see cref="SequenceOrder{T}"/>.
/// Not thread-safe: feed it from one place.
/// </summary>
public sealed class RoomTimeline
{
    private readonly SortedDictionary<long, ChatMessage> _messages = [];
    private readonly List<ChatMessage> _notices = [];
    private readonly SequenceOrder<ChatMessage> _order = new(0);

    /// <summary>The last sequence applied: pass it to GetMissed after a reconnect.</summary>
    public long LastSeq => _order.Delivered;

    /// <summary>Messages held, ascending by sequence, in their current state (edited, deleted, reactions).</summary>
    public IReadOnlyList<ChatMessage> Messages => [.. _messages.Values];

    /// <summary>Notices applied since the timeline started, in order.</summary>
    public IReadOnlyList<ChatMessage> Notices => _notices;

    /// <summary>Starts from a join snapshot: its rows already carry their current state.</summary>
    public void Load(RoomSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        AddRows(snapshot.Messages);
        ApplyAll(_order.StartAt(snapshot.LastSeq));
    }

    /// <summary>Adds older rows (GetHistory); rows already held keep their newer state.</summary>
    public void AddHistory(MessagePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        AddRows(page.Messages);
    }

    /// <summary>
    /// Applies events in sequence order, dropping those already applied. Returns false at a gap (events
    /// beyond <see cref="LastSeq"/> + 1 wait): call GetMissed(LastSeq) and apply its page; the waiting
    /// events follow by themselves.
    /// </summary>
    public bool Apply(IEnumerable<ChatMessage> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        ApplyAll(_order.Accept(events));
        return !_order.HasGap;
    }

    private void ApplyAll(IEnumerable<ChatMessage> events)
    {
        foreach (var e in events)
        {
            ApplyOne(e);
        }
    }

    private void ApplyOne(ChatMessage e)
    {
        switch (e.Kind)
        {
            case RoomEventKind.Message:
                _messages[e.Seq] = e;
                break;
            case RoomEventKind.Notice:
                _notices.Add(e);
                break;
            // A change to a message this client does not hold is skipped: its row comes with its current state.
            case RoomEventKind.Edit when Target(e) is { } m:
                _messages[m.Seq] = m with { Text = e.Text, EditedAt = e.EditedAt ?? e.SentAt };
                break;
            case RoomEventKind.Delete when Target(e) is { } m:
                _messages[m.Seq] = m with { Text = "", Deleted = true, Reactions = [] };
                break;
            case RoomEventKind.Reaction when Target(e) is { } m:
                _messages[m.Seq] = m with { Reactions = e.Reactions };
                break;
        }
    }

    private ChatMessage? Target(ChatMessage e) =>
        e.TargetSeq is { } seq && _messages.TryGetValue(seq, out var m) ? m : null;

    private void AddRows(IEnumerable<ChatMessage> rows)
    {
        foreach (var row in rows.Where(r => r.Kind == RoomEventKind.Message))
        {
            _messages.TryAdd(row.Seq, row);
        }
    }
}
