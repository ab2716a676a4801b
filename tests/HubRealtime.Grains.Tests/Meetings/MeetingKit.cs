using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Tests.Agencies;

namespace HubRealtime.Grains.Tests.Meetings;

/// <summary>A small meeting made the way the product makes one: agencies in three countries, a facilitator, participants.</summary>
internal sealed class MeetingKit(IGrainFactory grains)
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly AgencyKit _kit = new(grains);

    public AgencyKit Accounts => _kit;

    public Caller HubAdmin { get; private set; } = null!;
    public Caller Facilitator { get; private set; } = null!;
    public List<Caller> Participants { get; } = [];
    public Caller Outsider { get; private set; } = null!;
    public string MeetingId { get; private set; } = "";
    public const string SessionId = "s1";

    public IMeetingGrain Meeting => grains.GetGrain<IMeetingGrain>(MeetingId);

    public IRoomGrain Room(string roomId) => grains.GetGrain<IRoomGrain>(roomId);

    public string Plenary => MeetingIds.Plenary(MeetingId, SessionId);

    /// <summary>Creates the meeting: <paramref name="perCountry"/> participants in each of FR, KE and PH (two agencies in FR).</summary>
    public async Task<MeetingView> CreateAsync(int perCountry = 2)
    {
        HubAdmin = await _kit.HubAdminAsync();
        var fr1 = await _kit.AgencyAsync(HubAdmin, "Police A", "FR");
        var fr2 = await _kit.AgencyAsync(HubAdmin, "Gendarmerie", "FR");
        var ke = await _kit.AgencyAsync(HubAdmin, "Kenya Police", "KE");
        var ph = await _kit.AgencyAsync(HubAdmin, "PNP", "PH");
        Facilitator = await _kit.UserAsync("Fay Facil", fr1);
        Outsider = await _kit.UserAsync("Otto Outside", ke);
        for (var i = 0; i < perCountry; i++)
        {
            Participants.Add(await _kit.UserAsync($"Fr{i} Officer", i % 2 == 0 ? fr1 : fr2));
            Participants.Add(await _kit.UserAsync($"Ke{i} Officer", ke));
            Participants.Add(await _kit.UserAsync($"Ph{i} Officer", ph));
        }
        MeetingId = AgencyKit.NewId("mt");
        return await Meeting.Create(HubAdmin, NewMeeting([Facilitator.UserId], [.. Participants.Select(p => p.UserId)]));
    }

    public static NewMeeting NewMeeting(IReadOnlyList<string> facilitators, IReadOnlyList<string> participants, IReadOnlyList<string>? agencies = null, IReadOnlyList<string>? groups = null) =>
        new("Global Hub meeting",
            new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(4)),
            new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.FromHours(4)),
            "Asia/Dubai",
            [new NewSession(SessionId, "Prevention"), new NewSession("s2", "Victims")],
            facilitators, participants, agencies ?? [], groups ?? []);

    /// <summary>Drafts <paramref name="rooms"/> rooms and places everyone with the given mode.</summary>
    public async Task<BreakoutView> DraftAndAssignAsync(int rooms, AssignmentMode mode = AssignmentMode.Balanced, int? cap = null)
    {
        await Meeting.DraftBreakouts(Facilitator, SessionId, [.. Enumerable.Range(1, rooms).Select(i => $"Room {i}")]);
        return await Meeting.AssignBreakouts(Facilitator, SessionId, new BreakoutAssignment(mode, null, cap, null));
    }

    public async Task<BreakoutView> BreakoutsAsync(Caller? caller = null) =>
        (await Meeting.Get(caller ?? Facilitator)).Sessions.Single(s => s.SessionId == SessionId).Breakouts;

    /// <summary>Every event of a room, as the system reads it.</summary>
    public async Task<List<RoomEvent>> EventsAsync(string roomId)
    {
        var events = new List<RoomEvent>();
        while (true)
        {
            var page = await Room(roomId).GetHistoryAfter(Caller.System, events.Count == 0 ? 0 : events[^1].Seq, 200);
            events.AddRange(page.Events);
            if (page.Events.Count == 0 || events[^1].Seq >= page.LastSeq)
            {
                return events;
            }
        }
    }

    public async Task<List<RoomEvent>> NoticesAsync(string roomId, string type) =>
        [.. (await EventsAsync(roomId)).Where(e => e.Kind == RoomEventKind.Notice && e.NoticeType() == type)];

    /// <summary>Awaits a condition that a timer makes true (each check is a grain call; no sleeping), within <see cref="Patience"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, Func<Task<string>>? explain = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}{(explain is null ? "" : "\n" + await explain())}");
            }
            await Task.Yield();
        }
    }

    public static Task<string> CodeOf(Func<Task> call) => AgencyKit.CodeOf(call);

    public static SendMessageRequest Message(string text) => new(Guid.NewGuid().ToString("N"), text);
}
