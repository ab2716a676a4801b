namespace HubRealtime.Grains.Meetings;

/// <summary>Notice types the meeting posts into its rooms (payloads: docs/protocol.md, "Meetings").</summary>
internal static class MeetingNotices
{
    public const string Draft = "breakouts.draft";
    public const string Assigned = "breakouts.assigned";
    public const string Opened = "breakouts.opened";
    public const string Moved = "breakouts.moved";
    public const string Extended = "breakouts.extended";
    public const string Warning = "breakouts.warning";
    public const string Closing = "breakouts.closing";
    public const string Closed = "breakouts.closed";
    public const string Broadcast = "broadcast";
    public const string Help = "help.requested";
    public const string Roster = "meeting.roster";
}
