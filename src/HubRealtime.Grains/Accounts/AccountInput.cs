using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Accounts;

/// <summary>Checks what an account is created or changed with. Every check throws a typed error.</summary>
internal static class AccountInput
{
    public const int MaxDisplayNameLength = 80;

    /// <summary>
    /// Trimmed, 1–80 characters, no control characters and no bidi overrides or isolates (they let a
    /// name display as someone else's).
    /// </summary>
    public static string DisplayName(string? value)
    {
        var name = value?.Trim() ?? "";
        return name.Length is > 0 and <= MaxDisplayNameLength && !name.Any(c => char.IsControl(c) || IsBidiControl(c))
            ? name
            : throw HubRealtimeException.Invalid($"A display name is 1 to {MaxDisplayNameLength} characters, without control characters.");
    }

    /// <summary>Working group ids are slugs, like room ids.</summary>
    public static string GroupId(string? value) =>
        RoomId.IsValid(value)
            ? value!
            : throw HubRealtimeException.Invalid("A working group id is 1 to 64 characters: lower-case letters, digits and inner hyphens.");

    /// <summary>A lead scope: "kind:id" with a lower-case kind and a room-style id.</summary>
    public static string LeadScope(string? value)
    {
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && value![..colon].All(char.IsAsciiLetterLower) && RoomId.IsValid(value[(colon + 1)..])
            ? value
            : throw HubRealtimeException.Invalid("A lead scope is 'kind:id', e.g. 'group:case-42'.");
    }

    public static T Defined<T>(T value, string what) where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw HubRealtimeException.Invalid($"Unknown {what} '{value}'.");

    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
