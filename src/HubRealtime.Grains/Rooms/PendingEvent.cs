using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Rooms;

/// <summary>
/// A validated event waiting for the room's next commit: a message or notice (appended as is, group
/// committed) or a change to an existing message (Edit, Delete, Reaction: applied to its target's
/// current state at commit time, in sequence order). Completes with the event's sequence and the
/// message it made or changed.
/// </summary>
internal sealed class PendingEvent
{
    private PendingEvent(Caller caller, RoomEventKind kind, string text)
    {
        Caller = caller;
        Kind = kind;
        Text = text;
    }

    public Caller Caller { get; }
    public RoomEventKind Kind { get; }

    /// <summary>Message text, edit text, emoji or notice payload.</summary>
    public string Text { get; }
    public string ClientMessageId { get; private init; } = "";
    public long? ReplyToSeq { get; private init; }
    public long TargetSeq { get; private init; }
    public string? NoticeType { get; private init; }
    public string SenderId { get; private init; } = "";
    public string SenderName { get; private init; } = "";

    /// <summary>Reaction: add (true) or remove (false).</summary>
    public bool Add { get; private init; }

    /// <summary>Delete: the caller moderates the room, so may delete others' messages.</summary>
    public bool AsModerator { get; private init; }

    /// <summary>Appended as is (grouped with its neighbours), not applied to another message.</summary>
    public bool IsAppend => Kind is RoomEventKind.Message or RoomEventKind.Notice;

    /// <summary>A send found already stored (a resend after reactivation): its ack says Duplicate.</summary>
    public bool FoundStored { get; set; }

    public (string Sender, string ClientId) Key => (Caller.UserId, ClientMessageId);

    public TaskCompletionSource<ChangeAck> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static PendingEvent Message(Caller caller, string clientMessageId, string text, long? replyToSeq) =>
        new(caller, RoomEventKind.Message, text)
        {
            ClientMessageId = clientMessageId, ReplyToSeq = replyToSeq, SenderId = caller.UserId, SenderName = caller.DisplayName,
        };

    public static PendingEvent Notice(Caller caller, string type, string payloadJson, string senderId, string senderName) =>
        new(caller, RoomEventKind.Notice, payloadJson) { NoticeType = type, SenderId = senderId, SenderName = senderName };

    public static PendingEvent Edit(Caller caller, long targetSeq, string text) =>
        new(caller, RoomEventKind.Edit, text) { TargetSeq = targetSeq, SenderId = caller.UserId, SenderName = caller.DisplayName };

    public static PendingEvent Delete(Caller caller, long targetSeq, bool asModerator) =>
        new(caller, RoomEventKind.Delete, "")
        {
            TargetSeq = targetSeq, AsModerator = asModerator, SenderId = caller.UserId, SenderName = caller.DisplayName,
        };

    public static PendingEvent Reaction(Caller caller, long targetSeq, string emoji, bool add) =>
        new(caller, RoomEventKind.Reaction, emoji)
        {
            TargetSeq = targetSeq, Add = add, SenderId = caller.UserId, SenderName = caller.DisplayName,
        };
}
