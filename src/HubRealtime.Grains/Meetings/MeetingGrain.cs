using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Common;
using HubRealtime.Grains.Security;
using HubRealtime.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace HubRealtime.Grains.Meetings;

/// <summary>
/// A meeting: its people, its parallel sessions and their rooms (plenary, facilitators' room, breakout
/// rounds). Not reentrant: one action at a time, timer ticks included. Every room it owns is restricted
/// to the scope "meeting:{id}" from its first moment; access grows after the state is written and
/// shrinks before it, so a crash never leaves someone in a room they no longer belong to.
/// </summary>
public sealed partial class MeetingGrain(
    [PersistentState("meeting", StorageNames.Grains)] IPersistentState<MeetingState> state,
    TimeProvider time,
    ILogger<MeetingGrain> logger) : Grain, IMeetingGrain
{
    private string Id => this.GetPrimaryKeyString();

    private string Scope => MeetingIds.AuditScope(Id);

    private Dictionary<string, MeetingPerson> People => state.State.People;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A deadline that passed while no activation ran closes now (the reminder, or any call, woke us).
        ScheduleTimer();
        return Task.CompletedTask;
    }

    public async Task<MeetingView> Create(Caller caller, NewMeeting meeting)
    {
        var creator = await CallerAuthority.RequireActiveUserAsync(GrainFactory, caller);
        MeetingIds.ValidateMeetingId(Id);
        if (meeting is null)
        {
            throw HubRealtimeException.Invalid("A meeting needs a title, a schedule, a time zone and sessions.");
        }
        var title = MeetingRules.Title(meeting.Title);
        var timeZone = MeetingRules.TimeZone(meeting.TimeZone);
        MeetingRules.Schedule(meeting.StartsAt, meeting.EndsAt);
        var sessions = Sessions(meeting.Sessions);
        var retentionDays = MeetingRules.RetentionDays(meeting.RetentionDays);
        if (state.RecordExists)
        {
            throw new HubRealtimeException(ErrorCodes.MeetingExists, $"Meeting '{Id}' already exists.");
        }
        var people = await new MeetingRoster(GrainFactory, caller, creator).BuildAsync(meeting);
        foreach (var session in sessions)
        {
            await CreateRoomAsync(MeetingIds.Plenary(Id, session.SessionId), $"{title} · {session.Title}", PlenaryAccess(people.Values), retentionDays);
            await CreateRoomAsync(MeetingIds.Facilitators(Id, session.SessionId), $"{title} · {session.Title} · facilitators", FacilitatorAccess(people.Values), retentionDays);
        }
        // Leads need MFA before the role counts; listings first: a crash afterwards leaves a listing that opens nothing.
        await Task.WhenAll(people.Values.Where(p => p.Role == MeetingRole.Facilitator)
            .Select(p => User(p.Email).SetLeadRole(Caller.System, Scope, true)));
        await Bounded.ForEachAsync([.. people.Keys], e => GrainFactory.GetGrain<IMeetingMembershipGrain>(e).Add(Caller.System, Id));
        state.State = new MeetingState
        {
            Title = title,
            StartsAt = meeting.StartsAt,
            EndsAt = meeting.EndsAt,
            TimeZone = timeZone,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = creator.Email,
            People = people,
            Sessions = sessions,
            Agencies = [.. (meeting.Agencies ?? []).Distinct(StringComparer.Ordinal)],
            Groups = [.. (meeting.Groups ?? []).Distinct(StringComparer.Ordinal)],
            RetentionDays = retentionDays,
        };
        await WriteAsync();
        await AuditAsync(creator.Email, MeetingAudit.Created, Id,
            $"title={Truncate(title)}; sessions={sessions.Count}; facilitators={people.Values.Count(p => p.Role == MeetingRole.Facilitator)}; participants={people.Values.Count(p => p.Role == MeetingRole.Participant)}");
        LogCreated(Id, people.Count);
        return View(creator.Email, MeetingRole.Facilitator);
    }

    public async Task<MeetingView> Get(Caller caller)
    {
        var (email, role) = await RequireReaderAsync(caller);
        return View(email, role);
    }

    public async Task<MeetingSummary> GetSummary(Caller caller)
    {
        var (_, role) = await RequireReaderAsync(caller);
        var s = state.State;
        return new MeetingSummary(Id, s.Title, s.StartsAt, s.EndsAt, s.TimeZone, role);
    }

    private static List<SessionState> Sessions(IReadOnlyList<NewSession>? sessions)
    {
        if (sessions is null || sessions.Count is < 1 or > MeetingRules.MaxSessions)
        {
            throw HubRealtimeException.Invalid($"A meeting has 1 to {MeetingRules.MaxSessions} sessions.");
        }
        var result = sessions.Select(s => new SessionState
        {
            SessionId = MeetingIds.ValidateSessionId(s?.SessionId),
            Title = MeetingRules.Title(s!.Title),
        }).ToList();
        return result.Select(s => s.SessionId).Distinct(StringComparer.Ordinal).Count() == result.Count
            ? result
            : throw HubRealtimeException.Invalid("Session ids must differ.");
    }

    /// <summary>The caller's e-mail and role; hub admins who are not listed read as observers; anyone else is forbidden.</summary>
    private async Task<(string? Email, MeetingRole Role)> RequireReaderAsync(Caller caller)
    {
        if (CallerAuthority.IsSystem(caller))
        {
            EnsureExists();
            return (null, MeetingRole.Observer);
        }
        var profile = await CallerAuthority.RequireActiveUserAsync(GrainFactory, caller);
        EnsureExists();
        if (People.TryGetValue(profile.Email, out var person))
        {
            return (person.Email, person.Role);
        }
        return profile.IsHubAdmin
            ? (profile.Email, MeetingRole.Observer)
            : throw new HubRealtimeException(ErrorCodes.Forbidden, "Only the meeting's participants and facilitators may see it.");
    }

    private async Task<MeetingPerson> RequireFacilitatorAsync(Caller caller) =>
        RequireFacilitator(await CallerAuthority.RequireActiveUserAsync(GrainFactory, caller));

    /// <summary>For a caller whose active profile was already read.</summary>
    private MeetingPerson RequireFacilitator(UserProfile profile)
    {
        var person = RequirePerson(profile);
        return person.Role == MeetingRole.Facilitator ? person : throw MeetingRules.NotFacilitator();
    }

    private async Task<MeetingPerson> RequirePersonAsync(Caller caller) =>
        RequirePerson(await CallerAuthority.RequireActiveUserAsync(GrainFactory, caller));

    private MeetingPerson RequirePerson(UserProfile profile)
    {
        EnsureExists();
        return People.GetValueOrDefault(profile.Email)
            ?? throw new HubRealtimeException(ErrorCodes.Forbidden, "Only the meeting's participants and facilitators may do this.");
    }

    private SessionState Session(string? sessionId) =>
        state.State.Sessions.FirstOrDefault(s => s.SessionId == sessionId) ?? throw MeetingRules.NoSession(sessionId ?? "");

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw new HubRealtimeException(ErrorCodes.MeetingNotFound, $"Meeting '{Id}' does not exist.");
        }
    }

    private Task WriteAsync() => state.WriteOrRevertAsync();

    private IUserGrain User(string email) => GrainFactory.GetGrain<IUserGrain>(email);

    private IRoomGrain Room(string roomId) => GrainFactory.GetGrain<IRoomGrain>(roomId);

    /// <summary>The room's shared note.</summary>
    private INoteGrain Note(string roomId) => GrainFactory.GetGrain<INoteGrain>(NoteId.Of(roomId, NoteId.Main));

    private Task AuditAsync(string actor, string action, string target, string details) =>
        GrainFactory.GetGrain<IAuditLogGrain>(Scope).Append(Caller.System, new AuditEvent(actor, action, target, Truncate(details, 1900)));

    private static string Truncate(string value, int max = 120) => value.Length <= max ? value : value[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Meeting {MeetingId} created with {People} people")]
    private partial void LogCreated(string meetingId, int people);
}
