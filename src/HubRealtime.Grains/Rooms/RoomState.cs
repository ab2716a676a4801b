namespace HubRealtime.Grains.Rooms;

/// <summary>
/// The room's persisted grain state: small and bounded. Messages live in the chat log, not here, so
/// that writing this state never grows with the room's history.
/// </summary>
[GenerateSerializer, Alias("HubRealtime.Grains.Rooms.RoomState")]
public sealed class RoomState
{
    [Id(0)] public string Title { get; set; } = "";
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
    [Id(2)] public string CreatedBy { get; set; } = "";

    /// <summary>Null: open room. Otherwise only <see cref="AccessMembers"/> may use it (bounded by RoomAccess.MaxMembers).</summary>
    [Id(3)] public string? AccessScope { get; set; }
    [Id(4)] public List<string> AccessMembers { get; set; } = [];

    /// <summary>May delete any message and mute; count as members (bounded by RoomAccess.MaxModerators).</summary>
    [Id(5)] public List<string> AccessModerators { get; set; } = [];

    /// <summary>Read-only room: history stays readable, nothing new but system notices.</summary>
    [Id(6)] public bool Closed { get; set; }

    /// <summary>Users whose sends are refused (bounded by RoomAccess.MaxMembers).</summary>
    [Id(7)] public List<string> Muted { get; set; } = [];

    /// <summary>Events older than this are purged from storage; null keeps them forever.</summary>
    [Id(8)] public TimeSpan? Retention { get; set; }

    /// <summary>A working group's named notes besides "main" (bounded by NoteLimits.MaxNamedNotes).</summary>
    [Id(9)] public List<RoomNoteEntry> Notes { get; set; } = [];
}

[GenerateSerializer, Alias("HubRealtime.Grains.Rooms.RoomNoteEntry")]
public sealed record RoomNoteEntry(
    [property: Id(0)] string Doc,
    [property: Id(1)] string Title,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] string CreatedBy);
