using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Streams;

namespace HubRealtime.Grains.Rooms;

/// <summary>
/// The room's writer: every event goes through its one ordered stream, so sequence order is commit
/// order. Each storage attempt is bounded there (<see cref="Common.StorageAttempts"/>): callers hear
/// <c>unavailable</c> only when nothing was stored, <c>outcome_unknown</c> when a sent write went
/// unanswered and reading it back could not find it.
/// </summary>
public sealed partial class RoomGrain
{
    /// <summary>Appends a notice (no client message id: never deduplicated) once durable.</summary>
    private async Task<long> AppendNoticeAsync(string type, string payloadJson, string senderId, string senderName)
    {
        var appended = await Stream.AppendAsync(senderId, "", (seq, sentAt) =>
            new ChatMessage(RoomId, seq, "", senderId, senderName, payloadJson, sentAt, RoomEventKind.Notice, NoticeType: type)
            {
                MessageNo = NextMessageNo(seq, isMessage: false),
            });
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
        var applied = await Stream.ChangeAsync(async (seq, now, cancellationToken) =>
        {
            target = await Stream.ReadOneAsync(p.TargetSeq, cancellationToken);
            if (MessageChanges.Apply(RoomId, target, p, seq, now) is not { } change)
            {
                return null;
            }
            // A delete erases the text of the message's earlier edits in storage; so in the window too
            // (otherwise history and joins would still show the edited text).
            IReadOnlyList<ChatMessage> erased = change.Change.Kind == RoomEventKind.Delete
                ? [.. Stream.Recent.Held(e => e is { Kind: RoomEventKind.Edit, Text.Length: > 0 } && e.TargetSeq == change.Target.Seq).Select(e => e with { Text = "" })]
                : [];
            // Changes are not messages: they carry the counter as it stands.
            var changeRow = change.Change with { MessageNo = HeadMessageNo() };
            return new StreamChange<ChatMessage>(changeRow, [change.Target, .. erased], async token =>
            {
                try
                {
                    await log.ApplyAsync(RoomId, changeRow, change.Target, token);
                }
                catch (ChatLogLimitException limit)
                {
                    throw HubRealtimeException.Invalid(limit.Message);
                }
            });
        });
        return applied is null
            ? new ChangeAck(RoomId, 0, RoomEvents.FromRow(target!))
            : new ChangeAck(RoomId, applied.Appended.Seq, RoomEvents.FromRow(applied.Replaced[0]));
    }
}
