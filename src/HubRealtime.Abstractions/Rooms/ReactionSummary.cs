namespace HubRealtime.Abstractions.Rooms;

/// <summary>One emoji on a message and who reacted with it, in the order they reacted.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Rooms.ReactionSummary")]
public sealed record ReactionSummary(
    [property: Id(0)] string Emoji,
    [property: Id(1)] IReadOnlyList<string> UserIds)
{
    // Value equality on the list: two summaries with the same users are the same summary.
    public bool Equals(ReactionSummary? other) =>
        other is not null && Emoji == other.Emoji && UserIds.SequenceEqual(other.UserIds, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Emoji, UserIds.Count);
}
