using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Meetings.Assignment;

namespace HubRealtime.Grains.Meetings;

/// <summary>Facilitator controls of a breakout round: draft, assign (preview), open, extend, move; self-select choice.</summary>
public sealed partial class MeetingGrain
{
    public async Task<BreakoutView> DraftBreakouts(Caller caller, string sessionId, IReadOnlyList<string> names)
    {
        var actor = await RequireFacilitatorAsync(caller);
        var session = Session(sessionId);
        var roomNames = MeetingRules.RoomNames(names);
        if (session.Phase == BreakoutPhase.Open)
        {
            throw MeetingRules.WrongPhase(session.Phase, "no open round (close it first)");
        }
        var round = session.Phase == BreakoutPhase.Draft ? session.Round : session.Round + 1;
        if (round > MeetingRules.MaxRounds)
        {
            throw HubRealtimeException.Invalid($"A session has at most {MeetingRules.MaxRounds} breakout rounds.");
        }
        session.Round = round;
        session.Phase = BreakoutPhase.Draft;
        session.Mode = AssignmentMode.None;
        session.RoomNames = roomNames;
        session.Assignment = [];
        session.Cap = null;
        session.OpensAt = null;
        session.Deadline = null;
        session.WarningMinutes = [];
        session.WarningsSent = [];
        await WriteAsync();
        await NoticeAsync(MeetingIds.Plenary(Id, session.SessionId), new BreakoutsDraftNotice(round), actor);
        return ViewFor(session, actor);
    }

    public async Task<BreakoutView> AssignBreakouts(Caller caller, string sessionId, BreakoutAssignment assignment)
    {
        var actor = await RequireFacilitatorAsync(caller);
        var session = Session(sessionId);
        if (session.Phase != BreakoutPhase.Draft)
        {
            throw MeetingRules.WrongPhase(session.Phase, "a drafted round");
        }
        if (assignment is null)
        {
            throw HubRealtimeException.Invalid("An assignment needs a mode.");
        }
        var participants = People.Values.Where(p => p.Role == MeetingRole.Participant).ToList();
        var emails = new HashSet<string>(participants.Select(p => p.Email), StringComparer.Ordinal);
        var roomIds = session.RoomNames.Select((_, i) => BreakoutRoomId(session, i)).ToList();
        int? cap = null;
        var result = assignment.Mode switch
        {
            AssignmentMode.Manual => ManualAssignment.Assign(
                [.. (assignment.Placements ?? throw HubRealtimeException.Invalid("Manual assignment needs a list of { email, roomId }."))
                    .Select(p => ((string?)p?.Email, (string?)p?.RoomId))],
                emails, roomIds),
            AssignmentMode.Random => RandomAssignment.Assign([.. emails.Order(StringComparer.Ordinal)], roomIds.Count, Random.Shared),
            AssignmentMode.Balanced => BalancedAssignment.Assign(
                [.. participants.OrderBy(p => p.Email, StringComparer.Ordinal).Select(p => new AssignmentPerson(p.Email, p.Country, p.AgencyId))],
                roomIds.Count, Random.Shared),
            AssignmentMode.SelfSelect => [],
            AssignmentMode.Csv => CsvAssignment.Parse(assignment.Csv, emails, session.RoomNames),
            _ => throw HubRealtimeException.Invalid("The mode is manual, random, balanced, selfSelect or csv."),
        };
        if (assignment.Mode == AssignmentMode.SelfSelect)
        {
            cap = SelfSelectAssignment.ValidateCap(assignment.Cap);
        }
        session.Mode = assignment.Mode;
        session.Assignment = result;
        session.Cap = cap;
        await WriteAsync();
        await PreviewChangedAsync(session, actor);
        return ViewFor(session, actor);
    }

    /// <summary>Pages re-read the preview (their own room in it, or the rooms to choose from in self-select).</summary>
    private Task PreviewChangedAsync(SessionState session, MeetingPerson actor) =>
        NoticeAsync(MeetingIds.Plenary(Id, session.SessionId),
            new BreakoutsAssignedNotice(session.Round, System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(session.Mode.ToString()), session.Cap), actor);

    public async Task<BreakoutView> OpenBreakouts(Caller caller, string sessionId, int durationMinutes, IReadOnlyList<int> warningMinutes, string? noteTemplate = null)
    {
        var actor = await RequireFacilitatorAsync(caller);
        var session = Session(sessionId);
        var warnings = MeetingRules.Warnings(durationMinutes, warningMinutes);
        var template = BreakoutNoteTemplate.Normalize(noteTemplate);
        if (session.Phase != BreakoutPhase.Draft)
        {
            throw MeetingRules.WrongPhase(session.Phase, "a drafted round");
        }
        await EachRoomAsync(session, i => CreateRoomAsync(BreakoutRoomId(session, i), $"{state.State.Title} · {session.RoomNames[i]}", BreakoutAccess(session, i), state.State.RetentionDays));
        if (template is not null)
        {
            // Before the round is written open: an open that fails here is retried whole, and a seed never repeats.
            var document = BreakoutNoteTemplate.Document(template);
            await EachRoomAsync(session, i => Note(BreakoutRoomId(session, i)).Seed(Caller.System, document, caller));
        }
        var now = time.GetUtcNow();
        var deadline = now.AddMinutes(durationMinutes);
        // The durable wake-up exists before the open round does; a reminder that finds nothing due drops itself.
        await EnsureReminderAsync(deadline);
        session.Phase = BreakoutPhase.Open;
        session.OpensAt = now;
        session.Deadline = deadline;
        session.WarningMinutes = warnings;
        session.WarningsSent = [];
        await WriteAsync();
        ScheduleTimer();
        // Participants read the plenary: member counts, no member lists (e-mails); clients re-read the meeting.
        var rooms = session.RoomNames.Select((name, i) => new BreakoutRoomNotice(BreakoutRoomId(session, i), name, MemberCount: Members(session, i).Count)).ToList();
        await NoticeAsync(MeetingIds.Plenary(Id, session.SessionId),
            new BreakoutsOpenedNotice(session.Round, rooms, session.Deadline, warnings),
            actor,
            new BreakoutsOpenedNotice(session.Round, [], session.Deadline, warnings, RoomCount: rooms.Count));
        await AuditAsync(actor.Email, MeetingAudit.BreakoutsOpened, session.SessionId,
            $"round={session.Round}; rooms={session.RoomNames.Count}; mode={session.Mode}; minutes={durationMinutes}; deadline={session.Deadline:O}; template={template?.Length ?? 0}");
        return ViewFor(session, actor);
    }

    public async Task<BreakoutView> ExtendBreakouts(Caller caller, string sessionId, int minutes)
    {
        var actor = await RequireFacilitatorAsync(caller);
        var session = Session(sessionId);
        if (minutes is < 1 or > MeetingRules.MaxExtendMinutes)
        {
            throw HubRealtimeException.Invalid($"An extension is 1 to {MeetingRules.MaxExtendMinutes} minutes.");
        }
        if (session.Phase != BreakoutPhase.Open || session.Deadline is not { } deadline)
        {
            throw MeetingRules.WrongPhase(session.Phase, "an open round");
        }
        var now = time.GetUtcNow();
        session.Deadline = deadline.AddMinutes(minutes);
        // Warnings that now lie in the future fire again.
        session.WarningsSent = [.. session.WarningsSent.Where(w => session.Deadline.Value.AddMinutes(-w) <= now)];
        await WriteAsync();
        ScheduleTimer();
        await MoveReminderAsync();
        var payload = new BreakoutsExtendedNotice(session.Deadline.Value);
        await NoticeAsync(MeetingIds.Plenary(Id, session.SessionId), payload, actor);
        await EachRoomAsync(session, i => NoticeAsync(BreakoutRoomId(session, i), payload, actor));
        await AuditAsync(actor.Email, MeetingAudit.BreakoutsExtended, session.SessionId, $"round={session.Round}; minutes={minutes}; deadline={session.Deadline:O}");
        return ViewFor(session, actor);
    }

    public async Task<BreakoutView> MoveParticipant(Caller caller, string sessionId, string email, string roomId)
    {
        var actor = await RequireFacilitatorAsync(caller);
        var session = Session(sessionId);
        var target = EmailAddress.Normalize(email);
        if (!People.TryGetValue(target, out var person) || person.Role != MeetingRole.Participant)
        {
            throw new HubRealtimeException(ErrorCodes.NotAMember, "This person is not a participant of the meeting.");
        }
        var moved = await PlaceAsync(session, person, RoomIndex(session, roomId), actor, audit: true);
        // A drafted round's preview changed (an open round tells the plenary of the move itself).
        if (moved && session.Phase == BreakoutPhase.Draft)
        {
            await PreviewChangedAsync(session, actor);
        }
        return ViewFor(session, actor);
    }

    public async Task<BreakoutView> ChooseRoom(Caller caller, string sessionId, string roomId)
    {
        var person = await RequirePersonAsync(caller);
        var session = Session(sessionId);
        if (person.Role != MeetingRole.Participant)
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "Facilitators are not placed in rooms; they may join any room.");
        }
        if (session.Mode != AssignmentMode.SelfSelect || session.Phase is not (BreakoutPhase.Draft or BreakoutPhase.Open))
        {
            throw MeetingRules.WrongPhase(session.Phase, "a self-select round, drafted or open");
        }
        var index = RoomIndex(session, roomId);
        // Checked on a copy: a full room changes nothing.
        var copy = new Dictionary<string, int>(session.Assignment, StringComparer.Ordinal);
        SelfSelectAssignment.Choose(copy, person.Email, index, session.Cap ?? 0);
        var moved = await PlaceAsync(session, person, index, person, audit: false);
        // Before the round opens only the facilitators' preview needs it (an open round tells the plenary).
        if (moved && session.Phase == BreakoutPhase.Draft)
        {
            await NoticeAsync(MeetingIds.Facilitators(Id, session.SessionId), new BreakoutsChosenNotice(roomId, person.DisplayName), person);
        }
        return ViewFor(session, person);
    }

    /// <summary>
    /// Puts <paramref name="person"/> in room <paramref name="index"/>. In an open round the old room's
    /// access shrinks before the state is written (their live connection is taken out of it) and the
    /// new room's grows after; everyone is told in the plenary. False when they were there already (nothing changed).
    /// </summary>
    private async Task<bool> PlaceAsync(SessionState session, MeetingPerson person, int index, MeetingPerson actor, bool audit)
    {
        if (session.Phase is not (BreakoutPhase.Draft or BreakoutPhase.Open))
        {
            throw MeetingRules.WrongPhase(session.Phase, "a drafted or open round");
        }
        int? from = session.Assignment.TryGetValue(person.Email, out var old) ? old : null;
        if (from == index)
        {
            return false;
        }
        var open = session.Phase == BreakoutPhase.Open;
        if (open && from is { } previous)
        {
            session.Assignment.Remove(person.Email);
            try
            {
                await Room(BreakoutRoomId(session, previous)).ConfigureAccess(Caller.System, BreakoutAccess(session, previous));
            }
            catch
            {
                session.Assignment[person.Email] = previous;
                throw;
            }
        }
        session.Assignment[person.Email] = index;
        await WriteAsync();
        if (!open)
        {
            return true;
        }
        var toRoomId = BreakoutRoomId(session, index);
        await Room(toRoomId).ConfigureAccess(Caller.System, BreakoutAccess(session, index));
        var fromRoomId = from is { } f ? BreakoutRoomId(session, f) : null;
        await NoticeAsync(MeetingIds.Plenary(Id, session.SessionId), new BreakoutsMovedNotice(fromRoomId, toRoomId, DisplayName: person.DisplayName), actor);
        if (audit)
        {
            await AuditAsync(actor.Email, MeetingAudit.ParticipantMoved, person.Email, $"session={session.SessionId}; round={session.Round}; from={fromRoomId ?? "-"}; to={toRoomId}");
        }
        return true;
    }

    private int RoomIndex(SessionState session, string? roomId)
    {
        for (var i = 0; i < session.RoomNames.Count; i++)
        {
            if (BreakoutRoomId(session, i) == roomId)
            {
                return i;
            }
        }
        throw new HubRealtimeException(ErrorCodes.RoomNotFound, "There is no such breakout room in the current round.");
    }
}
