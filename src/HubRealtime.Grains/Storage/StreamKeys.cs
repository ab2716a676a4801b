using System.Text.RegularExpressions;

namespace HubRealtime.Grains.Storage;

/// <summary>
/// Stream ids and stream kinds as the generic logs accept them: safe as SQLite keys and as Azure
/// partition keys (which forbid / \ # ? and control characters).
/// </summary>
public static partial class StreamKeys
{
    public const int MaxLength = 200;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static string Validate(string? value) =>
        value is not null && Pattern().IsMatch(value)
            ? value
            : throw new ArgumentException($"'{value}' is not a valid stream id: 1 to {MaxLength} letters, digits and . _ : @ -.", nameof(value));
}
