namespace HubRealtime.Abstractions.Meetings;

/// <summary>The caller's role in a meeting; hub admins who are not listed read as observers.</summary>
[Alias("HubRealtime.Abstractions.Meetings.MeetingRole")]
public enum MeetingRole
{
    Participant = 0,
    Facilitator = 1,
    Observer = 2,
}

/// <summary>A session's current breakout round: none yet, drafted (preview), open (timer running) or closed.</summary>
[Alias("HubRealtime.Abstractions.Meetings.BreakoutPhase")]
public enum BreakoutPhase
{
    None = 0,
    Draft = 1,
    Open = 2,
    Closed = 3,
}

/// <summary>How the current round's participants were placed.</summary>
[Alias("HubRealtime.Abstractions.Meetings.AssignmentMode")]
public enum AssignmentMode
{
    None = 0,
    Manual = 1,
    Random = 2,
    Balanced = 3,
    SelfSelect = 4,
    Csv = 5,
}
