using System.Text.Json;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Storage;

/// <summary>Reactions of a message as one compact JSON column/property (null when there are none).</summary>
internal static class ReactionCodec
{
    private sealed record Row(string E, string[] U);

    public static string? Encode(IReadOnlyList<ReactionSummary> reactions) =>
        reactions.Count == 0 ? null : JsonSerializer.Serialize(reactions.Select(r => new Row(r.Emoji, [.. r.UserIds])));

    public static IReadOnlyList<ReactionSummary> Decode(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }
        var rows = JsonSerializer.Deserialize<Row[]>(json) ?? [];
        return [.. rows.Select(r => new ReactionSummary(r.E, r.U))];
    }
}
