using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.WorkingGroups;

/// <summary>Who may do what in a working group, and the shape of its id.</summary>
internal static class GroupRules
{
    public const string RoomPrefix = RoomId.WorkingGroupPrefix;

    /// <summary>The group's room id must be a room id too, so the group id is 3 characters shorter.</summary>
    public const int MaxIdLength = RoomId.MaxLength - 3;

    public static string ValidateId(string? groupId) =>
        RoomId.IsValid(groupId) && RoomId.IsValid(RoomPrefix + groupId)
            ? groupId!
            : throw HubRealtimeException.Invalid($"A working group id is 1 to {MaxIdLength} characters: lower-case letters, digits and inner hyphens.");

    public static string Title(string? value)
    {
        var title = value?.Trim() ?? "";
        return title.Length is > 0 and <= ChatLimits.MaxTitleLength && !title.Any(char.IsControl)
            ? title
            : throw HubRealtimeException.Invalid($"A working group title is 1 to {ChatLimits.MaxTitleLength} characters, without control characters.");
    }

    /// <summary>Owners grant any role; facilitators grant participant or facilitator.</summary>
    public static bool MayGrant(GroupRole actor, GroupRole role) =>
        actor == GroupRole.Owner || (actor == GroupRole.Facilitator && role != GroupRole.Owner);

    /// <summary>Owners remove (or change) anyone; facilitators only participants.</summary>
    public static bool MayRemove(GroupRole actor, GroupRole target) =>
        actor == GroupRole.Owner || (actor == GroupRole.Facilitator && target == GroupRole.Participant);

    public static HubRealtimeException NotAllowed() =>
        new(ErrorCodes.Forbidden, "Your role in this working group does not allow this.");
}
