using System.Text.Json;

namespace HubRealtime.Grains.Storage;

/// <summary>The user ids a message mentions as one compact JSON column/property (null when there are none).</summary>
internal static class MentionCodec
{
    public static string? Encode(IReadOnlyList<string> mentions) =>
        mentions.Count == 0 ? null : JsonSerializer.Serialize(mentions);

    public static IReadOnlyList<string> Decode(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];
}
