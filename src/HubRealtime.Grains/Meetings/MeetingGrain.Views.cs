using HubRealtime.Abstractions.Meetings;

namespace HubRealtime.Grains.Meetings;

/// <summary>
/// What each role sees: the roster and the facilitators' room only facilitators; every room's members
/// facilitators and observers (hub admins); participants only their own room's members.
/// </summary>
public sealed partial class MeetingGrain
{
    private MeetingView View(string? email, MeetingRole role)
    {
        var s = state.State;
        var facilitating = role == MeetingRole.Facilitator;
        var seesAll = role != MeetingRole.Participant;
        var facilitators = People.Values.Where(p => p.Role == MeetingRole.Facilitator)
            .OrderBy(p => p.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Email, StringComparer.Ordinal)
            .Select(p => new FacilitatorView(p.Email, p.DisplayName)).ToList();
        List<ParticipantView> participants = facilitating
            ? [.. People.Values.Where(p => p.Role == MeetingRole.Participant)
                .OrderBy(p => p.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Email, StringComparer.Ordinal)
                .Select(p => new ParticipantView(p.Email, p.DisplayName, p.AgencyId, p.Country))]
            : [];
        var sessions = s.Sessions.Select(session => new SessionView(
            session.SessionId,
            session.Title,
            MeetingIds.Plenary(Id, session.SessionId),
            facilitating ? MeetingIds.Facilitators(Id, session.SessionId) : null,
            BreakoutView(session, email, seesAll),
            facilitating
                ? [.. session.HelpRequests.Select(h => new HelpRequestView(h.RequestId, h.Email, h.DisplayName, h.RoomId, h.Text, h.At))]
                : [])).ToList();
        return new MeetingView(Id, s.Title, s.StartsAt, s.EndsAt, s.TimeZone, role, facilitators, participants, sessions, s.RetentionDays);
    }

    private BreakoutView BreakoutView(SessionState session, string? email, bool seesAll)
    {
        int? mine = email is not null && session.Assignment.TryGetValue(email, out var index) ? index : null;
        var rooms = session.RoomNames.Select((name, i) => new BreakoutRoomView(
            BreakoutRoomId(session, i),
            name,
            seesAll || mine == i ? Members(session, i) : [])).ToList();
        var live = session.Phase is BreakoutPhase.Draft or BreakoutPhase.Open;
        return new BreakoutView(
            session.Round,
            session.Phase,
            session.Mode,
            rooms,
            mine is { } m && live ? BreakoutRoomId(session, m) : null,
            session.OpensAt,
            session.Deadline,
            [.. session.WarningMinutes],
            session.Cap,
            // A participant sees who was in each room by name, never their e-mails.
            seesAll ? [.. session.Outcomes] : [.. session.Outcomes.Select(o => o with { Members = [], MemberNames = o.MemberNames ?? [] })]);
    }

    private static List<string> Members(SessionState session, int index) =>
        [.. session.Assignment.Where(a => a.Value == index).Select(a => a.Key).Order(StringComparer.Ordinal)];

    private BreakoutView ViewFor(SessionState session, MeetingPerson person) =>
        BreakoutView(session, person.Email, person.Role == MeetingRole.Facilitator);
}
