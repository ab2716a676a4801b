using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Meetings;

/// <summary>The meeting's rooms and who may use them.</summary>
public sealed partial class MeetingGrain
{
    private static IEnumerable<string> Facilitators(IEnumerable<MeetingPerson> people) =>
        people.Where(p => p.Role == MeetingRole.Facilitator).Select(p => p.Email);

    /// <summary>Everyone in the meeting; facilitators moderate.</summary>
    private RoomAccess PlenaryAccess(IEnumerable<MeetingPerson> people)
    {
        var all = people.ToList();
        return Access(all.Select(p => p.Email), Facilitators(all));
    }

    private RoomAccess FacilitatorAccess(IEnumerable<MeetingPerson> people)
    {
        var facilitators = Facilitators(people).ToList();
        return Access(facilitators, facilitators);
    }

    /// <summary>
    /// The people placed in room <paramref name="index"/> (but <paramref name="without"/>); facilitators moderate
    /// (they may join any room): <paramref name="moderators"/>, or the meeting's.
    /// </summary>
    private RoomAccess BreakoutAccess(SessionState session, int index, IEnumerable<string>? moderators = null, string? without = null) =>
        Access(session.Assignment.Where(a => a.Value == index && a.Key != without).Select(a => a.Key), moderators ?? Facilitators(People.Values));

    private RoomAccess Access(IEnumerable<string> members, IEnumerable<string> moderators) =>
        new(Scope, [.. members.Order(StringComparer.Ordinal)], [.. moderators.Order(StringComparer.Ordinal)]);

    /// <summary>
    /// Creates a restricted room with the meeting's retention; adopts only a room an interrupted action of
    /// this meeting made.
    /// </summary>
    private async Task CreateRoomAsync(string roomId, string title, RoomAccess access, int? retentionDays)
    {
        await CreateOrAdoptRoomAsync(roomId, title, access);
        if (retentionDays is { } days)
        {
            await Room(roomId).SetRetention(Caller.System, TimeSpan.FromDays(days));
        }
    }

    private async Task CreateOrAdoptRoomAsync(string roomId, string title, RoomAccess access)
    {
        var room = Room(roomId);
        try
        {
            await room.CreateRestricted(Caller.System, Shorten(title, ChatLimits.MaxTitleLength), access);
        }
        catch (HubRealtimeException error) when (error.Code == ErrorCodes.RoomExists)
        {
            if ((await room.GetInfo(Caller.System)).CreatedBy != Scope)
            {
                throw new HubRealtimeException(ErrorCodes.MeetingExists, $"The room id '{roomId}' is taken; choose another meeting id.");
            }
            await room.ConfigureAccess(Caller.System, access);
        }
    }

    /// <summary>Durable in the room's stream before it returns; delivered live like messages.</summary>
    private Task PostNoticeAsync(string roomId, RoomNotice notice)
    {
        LogNotice(Id, notice.Type, roomId);
        return Room(roomId).PostNotice(Caller.System, notice);
    }

    private static Task CloseRoomAsync(IRoomGrain room) => room.SetClosed(Caller.System, true);

    /// <summary>
    /// Runs <paramref name="action"/> for every room of the round, <see cref="Bounded.Degree"/> rooms at a
    /// time (distinct room grains; up to 400 rooms); the continuations still run one at a time on this
    /// grain. The first failure is rethrown after all ended.
    /// </summary>
    private static Task EachRoomAsync(SessionState session, Func<int, Task> action) =>
        Bounded.ForEachAsync([.. Enumerable.Range(0, session.RoomNames.Count)], action);

    private string BreakoutRoomId(SessionState session, int index) => MeetingIds.Breakout(Id, session.SessionId, session.Round, index + 1);

    private static string Shorten(string value, int max) => value.Length <= max ? value : value[..max];
}
