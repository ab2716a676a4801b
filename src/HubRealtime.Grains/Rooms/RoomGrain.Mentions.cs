using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.Workspace;

namespace HubRealtime.Grains.Rooms;

/// <summary>
/// Structured mentions and the running message counter. Every stored event carries the number of
/// messages the room held through it (<see cref="ChatMessage.MessageNo"/>), so a reader's unread count is
/// the counter now minus the counter at their read position: two numbers, whatever the history.
/// </summary>
public sealed partial class RoomGrain
{
    private long _madeThroughSeq;
    private long _madeMessageNo;

    /// <summary>The counter through the newest stored event (0 for an empty room, or one whose rows predate the counter).</summary>
    private long HeadMessageNo() => Stream.Recent.Newest(1) is [var newest] ? newest.MessageNo : 0;

    /// <summary>
    /// The counter for the event being built at <paramref name="seq"/>. The stream builds a batch's events
    /// synchronously in sequence order at commit time, from the last stored sequence + 1 (again after a
    /// retry), so the first of a batch starts from the stored head and each next one from its predecessor.
    /// </summary>
    private long NextMessageNo(long seq, bool isMessage)
    {
        var previous = seq == LastSeq + 1 || seq != _madeThroughSeq + 1 ? HeadMessageNo() : _madeMessageNo;
        _madeThroughSeq = seq;
        _madeMessageNo = previous + (isMessage ? 1 : 0);
        return _madeMessageNo;
    }

    /// <summary>
    /// The mentioned user ids, checked before anything is queued: at most <see cref="ChatLimits.MaxMentions"/>
    /// distinct ids, each someone who may read this room (a member or moderator of a restricted room; an
    /// existing account for an open one). Anything else refuses the whole send.
    /// </summary>
    private async Task<IReadOnlyList<string>> MentionsAsync(IReadOnlyList<string>? requested)
    {
        if (requested is null || requested.Count == 0)
        {
            return [];
        }
        if (requested.Count > ChatLimits.MaxMentions * 2)
        {
            throw HubRealtimeException.Invalid($"A message mentions at most {ChatLimits.MaxMentions} people.");
        }
        var ids = requested.Select(ChatInput.UserId).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count > ChatLimits.MaxMentions)
        {
            throw HubRealtimeException.Invalid($"A message mentions at most {ChatLimits.MaxMentions} people.");
        }
        if (state.State.AccessScope is not null)
        {
            if (ids.FirstOrDefault(id => !RoomAccessRules.Contains(_members, id) && !RoomAccessRules.Contains(_moderators, id)) is { } outsider)
            {
                throw new HubRealtimeException(ErrorCodes.UserNotFound, $"'{outsider}' is not a member of this room.");
            }
            return ids;
        }
        var known = await Task.WhenAll(ids.Select(async id =>
            EmailAddress.TryNormalize(id, out var email) && email == id && await GrainFactory.GetGrain<IUserGrain>(email).Exists(Caller.System)));
        for (var i = 0; i < ids.Count; i++)
        {
            if (!known[i])
            {
                throw new HubRealtimeException(ErrorCodes.UserNotFound, $"'{ids[i]}' is not a known user.");
            }
        }
        return ids;
    }

    /// <summary>One one-way call per mentioned user (at most 20), never to the sender.</summary>
    private void NotifyMentioned(ChatMessage message)
    {
        foreach (var user in message.Mentions)
        {
            if (user != message.SenderId)
            {
                _ = GrainFactory.GetGrain<IWorkspaceGrain>(user).OnMentioned(Caller.System, RoomId, message.Seq);
            }
        }
    }
}
