namespace HubRealtime.Abstractions.Meetings;

/// <summary>
/// People to add to an existing meeting: listed e-mails, active members of listed agencies and members of
/// listed working groups (the creation rules), plus listed facilitators. People already in the meeting keep their role.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Meetings.MeetingPeopleChange")]
public sealed record MeetingPeopleChange(
    [property: Id(0)] IReadOnlyList<string>? Participants,
    [property: Id(1)] IReadOnlyList<string>? Facilitators,
    [property: Id(2)] IReadOnlyList<string>? Agencies,
    [property: Id(3)] IReadOnlyList<string>? Groups);
