using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Meetings.Assignment;

namespace HubRealtime.Grains.Meetings;

/// <summary>Limits and input checks of meetings and breakout rounds.</summary>
internal static class MeetingRules
{
    /// <summary>Everyone must fit the plenary's access list.</summary>
    public const int MaxPeople = RoomAccess.MaxMembers;
    public const int MaxSessions = 4;
    public const int MinRooms = 2;
    /// <summary>2,000 people in rooms of 5.</summary>
    public const int MaxRooms = 400;
    public const int MaxRoomNameLength = 80;
    public const int MaxRounds = 100;
    public const int MaxDurationMinutes = 240;
    public const int MaxExtendMinutes = 120;
    public const int MaxBroadcastLength = 1000;
    public const int MaxHelpLength = 500;
    public const int MaxListedSources = 100;

    public static string Title(string? value)
    {
        var title = value?.Trim() ?? "";
        return title.Length is > 0 and <= ChatLimits.MaxTitleLength && !title.Any(char.IsControl)
            ? title
            : throw HubRealtimeException.Invalid($"A title is 1 to {ChatLimits.MaxTitleLength} characters, without control characters.");
    }

    public static string TimeZone(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(value, out _))
        {
            throw HubRealtimeException.Invalid("A time zone is an IANA name such as \"Asia/Dubai\".");
        }
        return value;
    }

    public const int MaxRetentionDays = 3650;

    public static int? RetentionDays(int? days) =>
        days is null or (>= 1 and <= MaxRetentionDays)
            ? days
            : throw HubRealtimeException.Invalid($"A retention period is 1 to {MaxRetentionDays} days, or none.");

    public static void Schedule(DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        if (startsAt == default || endsAt <= startsAt || endsAt - startsAt > TimeSpan.FromDays(31))
        {
            throw HubRealtimeException.Invalid("A meeting ends after it starts, within 31 days.");
        }
    }

    public static List<string> RoomNames(IReadOnlyList<string>? names)
    {
        if (names is null || names.Count is < MinRooms or > MaxRooms)
        {
            throw HubRealtimeException.Invalid($"A breakout round has {MinRooms} to {MaxRooms} rooms.");
        }
        var clean = names.Select(n => n?.Trim() ?? "").ToList();
        if (clean.Any(n => n.Length is 0 or > MaxRoomNameLength || n.Any(char.IsControl)))
        {
            throw HubRealtimeException.Invalid($"A room name is 1 to {MaxRoomNameLength} characters, without control characters.");
        }
        if (clean.Distinct(StringComparer.OrdinalIgnoreCase).Count() != clean.Count)
        {
            throw HubRealtimeException.Invalid("Room names must differ.");
        }
        return clean;
    }

    public static List<int> Warnings(int durationMinutes, IReadOnlyList<int>? warnings)
    {
        if (durationMinutes is < 1 or > MaxDurationMinutes)
        {
            throw HubRealtimeException.Invalid($"A breakout round lasts 1 to {MaxDurationMinutes} minutes.");
        }
        var list = (warnings ?? []).Distinct().OrderByDescending(w => w).ToList();
        if (list.Count > 10 || list.Any(w => w < 1 || w >= durationMinutes))
        {
            throw HubRealtimeException.Invalid("Up to 10 warnings, each at 1 minute or more before the end and less than the duration.");
        }
        return list;
    }

    public static string Text(string? value, int min, int max, string what)
    {
        var text = (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length < min || text.Length > max || text.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
        {
            throw HubRealtimeException.Invalid($"A {what} is {min} to {max} characters, without control characters other than line breaks and tabs.");
        }
        return text;
    }

    public static HubRealtimeException WrongPhase(BreakoutPhase phase, string expected) =>
        new(ErrorCodes.WrongPhase, $"The breakout round is {phase.ToString().ToLowerInvariant()}; this needs {expected}.");

    public static HubRealtimeException NotFacilitator() =>
        new(ErrorCodes.Forbidden, "Only the meeting's facilitators may do this.");

    public static HubRealtimeException NoSession(string sessionId) =>
        new(ErrorCodes.MeetingNotFound, $"This meeting has no session '{ManualAssignment.Shorten(sessionId)}'.");
}
