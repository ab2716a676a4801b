using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Grains.Meetings;

/// <summary>Live notices into the meeting's rooms: broadcasts, help requests and the round's events.</summary>
public sealed partial class MeetingGrain
{
    public async Task Broadcast(Caller caller, string sessionId, string text)
    {
        var actor = await RequireFacilitatorAsync(caller);
        var session = Session(sessionId);
        var clean = MeetingRules.Text(text, 1, MeetingRules.MaxBroadcastLength, "broadcast");
        var payload = new BroadcastNotice(clean, actor.DisplayName);
        await NoticeAsync(MeetingIds.Plenary(Id, session.SessionId), payload, actor);
        if (session.Phase == BreakoutPhase.Open)
        {
            await EachRoomAsync(session, i => NoticeAsync(BreakoutRoomId(session, i), payload, actor));
        }
    }

    public async Task RequestHelp(Caller caller, string sessionId, string text)
    {
        var person = await RequirePersonAsync(caller);
        var session = Session(sessionId);
        var clean = MeetingRules.Text(text, 0, MeetingRules.MaxHelpLength, "help request");
        var roomId = session.Phase == BreakoutPhase.Open && session.Assignment.TryGetValue(person.Email, out var index)
            ? BreakoutRoomId(session, index)
            : MeetingIds.Plenary(Id, session.SessionId);
        // One open request per person: asking again updates it (room and text), keeping its place in the queue.
        var open = session.HelpRequests.FindIndex(h => h.Email == person.Email);
        var id = open >= 0 ? session.HelpRequests[open].RequestId : session.LastHelpRequestId + 1;
        var request = new HelpRequestState(id, person.Email, person.DisplayName, roomId, clean, time.GetUtcNow());
        if (open >= 0)
        {
            session.HelpRequests[open] = request;
        }
        else
        {
            session.HelpRequests.Add(request);
            session.LastHelpRequestId = id;
        }
        // Stored before the notice: a facilitator who re-reads the meeting after the notice finds it.
        await WriteAsync();
        await NoticeAsync(MeetingIds.Facilitators(Id, session.SessionId), new HelpRequestedNotice(person.Email, person.DisplayName, roomId, clean, id), person);
    }

    public async Task ResolveHelp(Caller caller, string sessionId, int requestId)
    {
        var actor = await RequireFacilitatorAsync(caller);
        var session = Session(sessionId);
        if (requestId <= 0 || requestId > session.LastHelpRequestId)
        {
            throw new HubRealtimeException(ErrorCodes.NotFound, $"Session '{session.SessionId}' has no help request {requestId}.");
        }
        var open = session.HelpRequests.FindIndex(h => h.RequestId == requestId);
        if (open < 0)
        {
            return; // already resolved (by this facilitator or another): nothing changes, no second notice
        }
        var request = session.HelpRequests[open];
        session.HelpRequests.RemoveAt(open);
        await WriteAsync();
        await NoticeAsync(MeetingIds.Facilitators(Id, session.SessionId),
            new HelpResolvedNotice(requestId, request.Email, request.DisplayName, actor.Email, actor.DisplayName), actor);
    }

    /// <summary>
    /// Posts a typed notice (durable before it returns), stored as its notice type and JSON. A payload over the stream's limit is replaced by
    /// <paramref name="fallback"/> (the same notice without member lists; clients re-read the meeting),
    /// and that, when still over (a round of hundreds of rooms), by <paramref name="minimal"/> (no room list).
    /// </summary>
    private async Task NoticeAsync(string roomId, RoomNoticeBody payload, MeetingPerson? actor, RoomNoticeBody? fallback = null, RoomNoticeBody? minimal = null)
    {
        var type = RoomEvents.NoticeTypeOf(payload) ?? throw new ArgumentException("A meeting posts only notices of a known type.", nameof(payload));
        var json = RoomEvents.ToStoredJson(payload);
        foreach (var smaller in new[] { fallback, minimal })
        {
            if (json.Length > RoomNotice.MaxPayloadLength && smaller is not null)
            {
                json = RoomEvents.ToStoredJson(smaller);
            }
        }
        await PostNoticeAsync(roomId, new RoomNotice(type, json, actor?.Email, actor?.DisplayName));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Meeting {MeetingId}: notice {Type} to {RoomId}")]
    private partial void LogNotice(string meetingId, string type, string roomId);
}
