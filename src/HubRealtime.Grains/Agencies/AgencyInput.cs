using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Grains.Agencies;

/// <summary>Checks what admins send to an agency. Every check throws invalid_argument.</summary>
internal static class AgencyInput
{
    public const int MaxNameLength = 200;

    public static string Name(string? value)
    {
        var name = value?.Trim() ?? "";
        return name.Length is > 0 and <= MaxNameLength && !name.Any(char.IsControl)
            ? name
            : throw HubRealtimeException.Invalid($"An agency name is 1 to {MaxNameLength} characters, without control characters.");
    }

    public static AgencyKind Kind(AgencyKind kind) =>
        Enum.IsDefined(kind) ? kind : throw HubRealtimeException.Invalid("Unknown agency kind.");

    public static AgencyRole Role(AgencyRole role) =>
        Enum.IsDefined(role) ? role : throw HubRealtimeException.Invalid("Unknown agency role.");

    /// <summary>Default 7 days, at most 30, more than zero.</summary>
    public static TimeSpan InvitationLifetime(TimeSpan? lifetime)
    {
        var value = lifetime ?? AccountLimits.DefaultInvitationLifetime;
        return value > TimeSpan.Zero && value <= AccountLimits.MaxInvitationLifetime
            ? value
            : throw HubRealtimeException.Invalid($"An invitation lasts at most {AccountLimits.MaxInvitationLifetime.TotalDays} days.");
    }
}
