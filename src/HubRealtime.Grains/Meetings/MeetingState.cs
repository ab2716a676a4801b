using HubRealtime.Abstractions.Meetings;

namespace HubRealtime.Grains.Meetings;

/// <summary>A meeting's persisted state, bounded by <see cref="MeetingRules.MaxPeople"/>, 4 sessions and <see cref="MeetingRules.MaxRounds"/> rounds each.</summary>
[GenerateSerializer, Alias("HubRealtime.Grains.Meetings.MeetingState")]
public sealed class MeetingState
{
    [Id(0)] public string Title { get; set; } = "";
    [Id(1)] public DateTimeOffset StartsAt { get; set; }
    [Id(2)] public DateTimeOffset EndsAt { get; set; }
    [Id(3)] public string TimeZone { get; set; } = "";
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public string CreatedBy { get; set; } = "";

    /// <summary>Keyed by normalized e-mail.</summary>
    [Id(6)] public Dictionary<string, MeetingPerson> People { get; set; } = [];
    [Id(7)] public List<SessionState> Sessions { get; set; } = [];
    [Id(8)] public List<string> Agencies { get; set; } = [];
    [Id(9)] public List<string> Groups { get; set; } = [];

    /// <summary>Days the meeting's rooms keep their messages (null: kept); set on every room the meeting creates.</summary>
    [Id(10)] public int? RetentionDays { get; set; }
}

[GenerateSerializer, Immutable, Alias("HubRealtime.Grains.Meetings.MeetingPerson")]
public sealed record MeetingPerson(
    [property: Id(0)] string Email,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string? AgencyId,
    [property: Id(3)] string? Country,
    [property: Id(4)] MeetingRole Role);

/// <summary>One session: its current breakout round and the outcomes of every closed round.</summary>
[GenerateSerializer, Alias("HubRealtime.Grains.Meetings.SessionState")]
public sealed class SessionState
{
    [Id(0)] public string SessionId { get; set; } = "";
    [Id(1)] public string Title { get; set; } = "";
    [Id(2)] public int Round { get; set; }
    [Id(3)] public BreakoutPhase Phase { get; set; }
    [Id(4)] public AssignmentMode Mode { get; set; }
    [Id(5)] public List<string> RoomNames { get; set; } = [];

    /// <summary>E-mail to room index (0-based) in <see cref="RoomNames"/>; unassigned people are absent.</summary>
    [Id(6)] public Dictionary<string, int> Assignment { get; set; } = [];
    [Id(7)] public DateTimeOffset? OpensAt { get; set; }
    [Id(8)] public DateTimeOffset? Deadline { get; set; }
    [Id(9)] public List<int> WarningMinutes { get; set; } = [];

    /// <summary>Warnings already posted for the current deadline (an extension re-arms the later ones).</summary>
    [Id(10)] public List<int> WarningsSent { get; set; } = [];
    [Id(11)] public int? Cap { get; set; }
    [Id(12)] public List<BreakoutOutcome> Outcomes { get; set; } = [];

    /// <summary>Open help requests, oldest first (one per person; bounded by the meeting's people).</summary>
    [Id(13)] public List<HelpRequestState> HelpRequests { get; set; } = [];

    /// <summary>The last help request id given in this session (ids are never reused).</summary>
    [Id(14)] public int LastHelpRequestId { get; set; }
}

[GenerateSerializer, Immutable, Alias("HubRealtime.Grains.Meetings.HelpRequestState")]
public sealed record HelpRequestState(
    [property: Id(0)] int RequestId,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string RoomId,
    [property: Id(4)] string Text,
    [property: Id(5)] DateTimeOffset At);
