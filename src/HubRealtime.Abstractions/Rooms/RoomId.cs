using System.Text.RegularExpressions;
using HubRealtime.Abstractions.Errors;

namespace HubRealtime.Abstractions.Rooms;

/// <summary>
/// Room ids are lower-case slugs: safe as grain keys, storage partition keys, SignalR group names and URLs.
/// </summary>
public static partial class RoomId
{
    public const int MaxLength = 64;

    /// <summary>The rooms of working groups: "wg-{groupId}".</summary>
    public const string WorkingGroupPrefix = "wg-";

    /// <summary>The rooms of meetings: "m-{meetingId}-{sessionId}…".</summary>
    public const string MeetingPrefix = "m-";

    /// <summary>Prefixes of the rooms the system makes for groups and meetings; nobody else may create such a room.</summary>
    public static readonly IReadOnlyList<string> ReservedPrefixes = [WorkingGroupPrefix, MeetingPrefix];

    public static bool IsReserved(string roomId) => ReservedPrefixes.Any(prefix => roomId.StartsWith(prefix, StringComparison.Ordinal));

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    /// <summary>Throws <see cref="ErrorCodes.InvalidArgument"/> for anything but a well-formed id.</summary>
    public static string Validate(string? value) =>
        IsValid(value)
            ? value!
            : throw HubRealtimeException.Invalid(
                "A room id is 1 to 64 characters: lower-case letters, digits and inner hyphens.");
}
