using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Testing;

/// <summary>
/// Short reads of a room event's payload for assertions over mixed streams: each answers for every kind
/// where the field means something (a reaction's emoji is its text) and a neutral value elsewhere, so a
/// filter over a whole page never throws on an event of another kind.
/// </summary>
public static class RoomEventFields
{
    /// <summary>A message's or an edit's text, a reaction's emoji, a notice's JSON; "" for a delete.</summary>
    public static string Text(this RoomEvent e) => e.Payload switch
    {
        MessagePayload m => m.Text,
        EditPayload edit => edit.Text,
        ReactionPayload r => r.Emoji,
        NoticePayload n => RoomEvents.ToStoredJson(n.Notice),
        _ => "",
    };

    public static bool Deleted(this RoomEvent e) => e.Payload is MessagePayload { Deleted: true };

    public static DateTimeOffset? EditedAt(this RoomEvent e) => (e.Payload as MessagePayload)?.EditedAt;

    public static string ClientMessageId(this RoomEvent e) => (e.Payload as MessagePayload)?.ClientMessageId ?? "";

    public static long? ReplyToSeq(this RoomEvent e) => (e.Payload as MessagePayload)?.ReplyToSeq;

    /// <summary>A message's reactions, or a reaction event's list after the change; empty elsewhere.</summary>
    public static IReadOnlyList<ReactionSummary> Reactions(this RoomEvent e) => e.Payload switch
    {
        MessagePayload m => m.Reactions,
        ReactionPayload r => r.Reactions,
        _ => [],
    };

    /// <summary>The message an edit, delete or reaction acts on.</summary>
    public static long? TargetSeq(this RoomEvent e) => e.Payload switch
    {
        EditPayload edit => edit.TargetSeq,
        DeletePayload delete => delete.TargetSeq,
        ReactionPayload r => r.TargetSeq,
        _ => null,
    };

    public static string? NoticeType(this RoomEvent e) => (e.Payload as NoticePayload)?.NoticeType;
}
