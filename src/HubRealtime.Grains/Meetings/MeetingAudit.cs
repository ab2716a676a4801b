namespace HubRealtime.Grains.Meetings;

/// <summary>Audited meeting actions (scope "meeting:{id}"); stable strings stored in the chain.</summary>
internal static class MeetingAudit
{
    public const string Created = "meeting-created";
    public const string BreakoutsOpened = "breakouts-opened";
    public const string BreakoutsClosed = "breakouts-closed";
    public const string BreakoutsExtended = "breakouts-extended";
    public const string ParticipantMoved = "participant-moved";
    public const string PeopleAdded = "people-added";
    public const string PersonRemoved = "person-removed";
}
