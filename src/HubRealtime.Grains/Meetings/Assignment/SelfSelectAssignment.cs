using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Meetings.Assignment;

/// <summary>Participants pick their own room, at most <c>cap</c> people per room.</summary>
public static class SelfSelectAssignment
{
    public static int ValidateCap(int? cap) =>
        cap is >= 1 and <= RoomAccess.MaxMembers
            ? cap.Value
            : throw HubRealtimeException.Invalid($"A self-select cap is 1 to {RoomAccess.MaxMembers} people per room.");

    /// <summary>Moves <paramref name="email"/> into <paramref name="room"/> unless it already holds <paramref name="cap"/> others.</summary>
    public static void Choose(Dictionary<string, int> assignment, string email, int room, int cap)
    {
        var others = assignment.Count(a => a.Value == room && a.Key != email);
        if (others >= cap)
        {
            throw new HubRealtimeException(ErrorCodes.RoomFull, $"This room is full ({cap} people).");
        }
        assignment[email] = room;
    }
}
