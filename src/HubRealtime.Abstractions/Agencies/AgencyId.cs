using System.Text.RegularExpressions;
using HubRealtime.Abstractions.Errors;

namespace HubRealtime.Abstractions.Agencies;

/// <summary>Agency ids are lower-case slugs (like room ids) and ISO 3166-1 alpha-2 country codes are checked.</summary>
public static partial class AgencyId
{
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static string Validate(string? value) =>
        value is not null && Pattern().IsMatch(value)
            ? value
            : throw HubRealtimeException.Invalid("An agency id is 1 to 64 characters: lower-case letters, digits and inner hyphens.");
}
