namespace HubRealtime.Grains.Meetings.Assignment;

/// <summary>Someone to place in a breakout room: the facts balanced assignment spreads.</summary>
public sealed record AssignmentPerson(string Email, string? Country, string? AgencyId);
