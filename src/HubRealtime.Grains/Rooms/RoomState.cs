namespace HubRealtime.Grains.Rooms;

/// <summary>
/// The room's persisted grain state: small and bounded. Messages live in the chat log, not here, so
/// that writing this state never grows with the room's history.
/// </summary>
[GenerateSerializer]
public sealed class RoomState
{
    [Id(0)] public string Title { get; set; } = "";
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
    [Id(2)] public string CreatedBy { get; set; } = "";

    /// <summary>Null: open room. Otherwise only <see cref="AccessMembers"/> may use it (bounded by RoomAccess.MaxMembers).</summary>
    [Id(3)] public string? AccessScope { get; set; }
    [Id(4)] public List<string> AccessMembers { get; set; } = [];
}
