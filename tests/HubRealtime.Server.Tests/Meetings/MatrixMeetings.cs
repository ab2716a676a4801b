using HubRealtime.Abstractions.Meetings;
using HubRealtime.Server.Tests.Authorization;

namespace HubRealtime.Server.Tests.Meetings;

/// <summary>
/// Fresh meetings for the authorization matrix, one per call, already in the phase the row needs. The hub
/// admin creates each (so facilitates it) with the group owner as second facilitator and the member as
/// the only participant; the agency admin and the other agency's member are outsiders.
/// </summary>
internal static class MatrixMeetings
{
    public const string Session = "s1";

    public static async Task<(string MeetingId, BreakoutView Breakouts)> CreateAsync(MatrixWorld w, BreakoutPhase phase, AssignmentMode mode = AssignmentMode.Random)
    {
        var meetingId = ApiKitIds.New("mx");
        var meeting = w.Grains.GetGrain<IMeetingGrain>(meetingId);
        var view = await meeting.Create(w.HubAdmin.Caller, new NewMeeting(
            "Matrix meeting", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(2), "Europe/Rome",
            [new NewSession(Session, "Plenary")], [w.OwnerA.Email], [w.MemberA.Email], [], []));
        var breakouts = view.Sessions[0].Breakouts;
        if (phase >= BreakoutPhase.Draft)
        {
            await meeting.DraftBreakouts(w.HubAdmin.Caller, Session, ["One", "Two"]);
            breakouts = await meeting.AssignBreakouts(w.HubAdmin.Caller, Session, new BreakoutAssignment(mode, null, mode == AssignmentMode.SelfSelect ? 5 : null, null));
        }
        if (phase >= BreakoutPhase.Open)
        {
            breakouts = await meeting.OpenBreakouts(w.HubAdmin.Caller, Session, 30, []);
        }
        return (meetingId, breakouts);
    }

    public static string Path(string meetingId, string action) => $"/api/meetings/{meetingId}/sessions/{Session}/{action}";

    /// <summary>A room of the round other than the member's.</summary>
    public static string OtherRoom(BreakoutView breakouts, string email) =>
        breakouts.Rooms.First(r => !r.Members.Contains(email)).RoomId;
}
