using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Meetings;

/// <summary>
/// Closing a round: every breakout becomes read-only and readable by the whole meeting, and its outcome
/// is attached to the session. Idempotent: a crash midway leaves the round open, and the next tick
/// (timer, reminder or activation) repeats the room steps, which are harmless to repeat.
/// </summary>
public sealed partial class MeetingGrain
{
    /// <summary>Bounds the events read to count a room's messages at close.</summary>
    private const int MaxCountedPages = 100;

    public async Task<BreakoutView> CloseBreakouts(Caller caller, string sessionId)
    {
        var actor = await RequireFacilitatorAsync(caller);
        var session = Session(sessionId);
        if (session.Phase == BreakoutPhase.Open)
        {
            await CloseRoundAsync(session, actor.Email, actor);
        }
        else if (session.Phase != BreakoutPhase.Closed)
        {
            throw MeetingRules.WrongPhase(session.Phase, "an open round");
        }
        return ViewFor(session, actor);
    }

    private async Task CloseRoundAsync(SessionState session, string actorEmail, MeetingPerson? actor)
    {
        var closedAt = time.GetUtcNow();
        var everyone = PlenaryAccess(People.Values);
        var outcomes = await Bounded.SelectAsync([.. Enumerable.Range(0, session.RoomNames.Count)], async i =>
        {
            var roomId = BreakoutRoomId(session, i);
            var room = Room(roomId);
            await NoticeAsync(roomId, new BreakoutsClosingNotice(), actor);
            await CloseRoomAsync(room);
            await room.ConfigureAccess(Caller.System, everyone);
            var members = Members(session, i);
            var names = members.Select(e => People.TryGetValue(e, out var p) ? p.DisplayName : e).ToList();
            // Read after the room closed: the note takes no change since, so this is its final revision.
            var noteRev = await Note(roomId).GetHead(Caller.System);
            return new BreakoutOutcome(roomId, session.RoomNames[i], members, await CountMessagesAsync(room), closedAt, session.Round, session.OpensAt, names, noteRev);
        });
        session.Phase = BreakoutPhase.Closed;
        session.Outcomes = [.. session.Outcomes, .. outcomes];
        await WriteAsync();
        // Participants read the plenary: member counts, no member lists (e-mails).
        await NoticeAsync(MeetingIds.Plenary(Id, session.SessionId),
            new BreakoutsClosedNotice(session.Round, [.. outcomes.Select(o => new BreakoutOutcomeNotice(o.RoomId, o.Name, o.MessageCount, o.ClosedAt, MemberCount: o.Members.Count))]),
            actor,
            new BreakoutsClosedNotice(session.Round, [], RoomCount: outcomes.Length));
        await AuditAsync(actorEmail, MeetingAudit.BreakoutsClosed, session.SessionId,
            $"round={session.Round}; rooms={outcomes.Length}; messages={outcomes.Sum(o => o.MessageCount)}; by={(actor is null ? "timer" : "facilitator")}");
        ScheduleTimer();
        await DropReminderIfIdleAsync();
    }

    /// <summary>Messages (not notices, edits or deleted ones) in the room, read in pages from the start.</summary>
    private static async Task<long> CountMessagesAsync(IRoomGrain room)
    {
        var messages = new HashSet<long>();
        long after = 0;
        for (var page = 0; page < MaxCountedPages; page++)
        {
            var batch = await room.GetHistoryAfter(Caller.System, after, ChatLimits.MaxPageSize);
            foreach (var e in batch.Events)
            {
                // A resumed stream may carry a message as sent and, later, the event that deleted it.
                switch (e.Payload)
                {
                    case MessagePayload { Deleted: false }:
                        messages.Add(e.Seq);
                        break;
                    case DeletePayload delete:
                        messages.Remove(delete.TargetSeq);
                        break;
                }
            }
            if (batch.Events.Count == 0 || batch.Events[^1].Seq >= batch.LastSeq)
            {
                break;
            }
            after = batch.Events[^1].Seq;
        }
        return messages.Count;
    }
}
