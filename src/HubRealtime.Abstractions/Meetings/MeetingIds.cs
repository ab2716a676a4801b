using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Abstractions.Meetings;

/// <summary>Meeting and session ids and the room ids derived from them (all RoomId-style slugs).</summary>
public static class MeetingIds
{
    public const int MaxMeetingIdLength = 24;
    public const int MaxSessionIdLength = 12;

    public static bool IsValidMeetingId(string? id) => RoomId.IsValid(id) && id!.Length <= MaxMeetingIdLength;

    public static bool IsValidSessionId(string? id) => RoomId.IsValid(id) && id!.Length <= MaxSessionIdLength;

    public static string ValidateMeetingId(string? id) => IsValidMeetingId(id)
        ? id!
        : throw HubRealtimeException.Invalid($"A meeting id is 1 to {MaxMeetingIdLength} characters: lower-case letters, digits and inner hyphens.");

    public static string ValidateSessionId(string? id) => IsValidSessionId(id)
        ? id!
        : throw HubRealtimeException.Invalid($"A session id is 1 to {MaxSessionIdLength} characters: lower-case letters, digits and inner hyphens.");

    public static string Plenary(string meetingId, string sessionId) => $"{RoomId.MeetingPrefix}{meetingId}-{sessionId}";

    public static string Facilitators(string meetingId, string sessionId) => $"{RoomId.MeetingPrefix}{meetingId}-{sessionId}-fac";

    /// <summary>Breakout <paramref name="number"/> (1-based) of round <paramref name="round"/>.</summary>
    public static string Breakout(string meetingId, string sessionId, int round, int number) => $"{RoomId.MeetingPrefix}{meetingId}-{sessionId}-r{round}-{number}";

    public static string AuditScope(string meetingId) => "meeting:" + meetingId;
}
