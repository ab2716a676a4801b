using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Rooms;

/// <summary>
/// A validated change to an existing message (Edit, Delete, Reaction), waiting for its turn in the
/// room's stream: applied to its target's current state at commit time, in sequence order.
/// </summary>
internal sealed class PendingEvent
{
    private PendingEvent(Caller caller, RoomEventKind kind, string text, long targetSeq)
    {
        Caller = caller;
        Kind = kind;
        Text = text;
        TargetSeq = targetSeq;
        SenderId = caller.UserId;
        SenderName = caller.DisplayName;
    }

    public Caller Caller { get; }
    public RoomEventKind Kind { get; }

    /// <summary>Edit text or emoji.</summary>
    public string Text { get; }
    public long TargetSeq { get; }
    public string SenderId { get; }
    public string SenderName { get; }

    /// <summary>Reaction: add (true) or remove (false).</summary>
    public bool Add { get; private init; }

    /// <summary>Delete: the caller moderates the room, so may delete others' messages.</summary>
    public bool AsModerator { get; private init; }

    public static PendingEvent Edit(Caller caller, long targetSeq, string text) =>
        new(caller, RoomEventKind.Edit, text, targetSeq);

    public static PendingEvent Delete(Caller caller, long targetSeq, bool asModerator) =>
        new(caller, RoomEventKind.Delete, "", targetSeq) { AsModerator = asModerator };

    public static PendingEvent Reaction(Caller caller, long targetSeq, string emoji, bool add) =>
        new(caller, RoomEventKind.Reaction, emoji, targetSeq) { Add = add };
}
