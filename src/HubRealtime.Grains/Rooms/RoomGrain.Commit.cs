using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Streams;

namespace HubRealtime.Grains.Rooms;

/// <summary>The room's writer: every event goes through its one ordered stream, so sequence order is commit order.</summary>
public sealed partial class RoomGrain
{
    /// <summary>Appends a notice (no client message id: never deduplicated) once durable.</summary>
    private async Task<long> AppendNoticeAsync(string type, string payloadJson, string senderId, string senderName)
    {
        var appended = await Stream.AppendAsync(senderId, "", (seq, sentAt) =>
            new ChatMessage(RoomId, seq, "", senderId, senderName, payloadJson, sentAt, RoomEventKind.Notice, NoticeType: type));
        return appended.Event.Seq;
    }

    /// <summary>
    /// Applies one change (edit, delete, reaction) in sequence order, to its target's current state read
    /// at commit time so earlier changes count: the change event and the target's new state are stored
    /// together. A no-op answers Seq 0 with the target as it is.
    /// </summary>
    private async Task<ChangeAck> CommitChangeAsync(PendingEvent p)
    {
        ChatMessage? target = null;
        var applied = await Stream.ChangeAsync(async (seq, now) =>
        {
            target = await Stream.ReadOneAsync(p.TargetSeq);
            if (MessageChanges.Apply(RoomId, target, p, seq, now) is not { } change)
            {
                return null;
            }
            try
            {
                await log.ApplyAsync(RoomId, change.Change, change.Target);
            }
            catch (ChatLogLimitException limit)
            {
                throw HubRealtimeException.Invalid(limit.Message);
            }
            return new StreamChange<ChatMessage>(change.Change, [change.Target]);
        });
        return applied is null
            ? new ChangeAck(RoomId, 0, target!)
            : new ChangeAck(RoomId, applied.Appended.Seq, applied.Replaced[0]);
    }
}
