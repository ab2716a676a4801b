namespace HubRealtime.Grains.Workspace;

/// <summary>One user's workspace: bounded by <see cref="Abstractions.Workspace.WorkspaceLimits"/>.</summary>
[GenerateSerializer, Alias("HubRealtime.Grains.Workspace.WorkspaceState")]
public sealed class WorkspaceState
{
    /// <summary>Read positions and unread mentions by room id (at most 500; the least recently touched go first).</summary>
    [Id(0)] public Dictionary<string, ReadMark> Marks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Rooms joined that are not a group's or a meeting's, newest first (at most 100).</summary>
    [Id(1)] public List<JoinedRoom> Joined { get; set; } = [];
}

[GenerateSerializer, Alias("HubRealtime.Grains.Workspace.ReadMark")]
public sealed class ReadMark
{
    /// <summary>The highest sequence read (never moves back).</summary>
    [Id(0)] public long ReadSeq { get; set; }

    /// <summary>The room's message counter at <see cref="ReadSeq"/>.</summary>
    [Id(1)] public long ReadCount { get; set; }

    /// <summary>Sequences of messages after <see cref="ReadSeq"/> that mention the user, ascending (at most 99, the newest).</summary>
    [Id(2)] public List<long> MentionSeqs { get; set; } = [];

    [Id(3)] public DateTimeOffset TouchedAt { get; set; }
}

[GenerateSerializer, Alias("HubRealtime.Grains.Workspace.JoinedRoom")]
public sealed class JoinedRoom
{
    [Id(0)] public string RoomId { get; set; } = "";
    [Id(1)] public DateTimeOffset JoinedAt { get; set; }
}
