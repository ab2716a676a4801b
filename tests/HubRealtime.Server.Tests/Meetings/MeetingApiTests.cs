using System.Net;
using System.Text.Json;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Server.Tests.Api;
using HubRealtime.Testing.Server;
using Microsoft.Extensions.DependencyInjection;
using static HubRealtime.Server.Tests.Api.ApiKit;

namespace HubRealtime.Server.Tests.Meetings;

[Collection(EmbeddedServerCollection.Name)]
public sealed class MeetingApiTests(EmbeddedServerFixture fixture)
{
    private readonly ApiKit _kit = new(fixture.Server);

    private sealed record World(string MeetingId, string HubAdmin, TestAgency Home, TestAgency Other, string Base);

    /// <summary>The hub admin creates a meeting over HTTP: the home agency's admin facilitates, its active members participate.</summary>
    private async Task<(World World, HttpResponseMessage Created)> CreateAsync()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var home = await _kit.AgencyAsync(hubAdmin);
        var other = await _kit.AgencyAsync(hubAdmin);
        var meetingId = NewId("mt");
        var created = await _kit.PostAsync(hubAdmin, "/api/meetings", new
        {
            meetingId,
            title = "First stakeholder meeting",
            startsAt = "2026-12-01T09:00:00+04:00",
            endsAt = "2026-12-01T17:00:00+04:00",
            timeZone = "Asia/Dubai",
            sessions = new[] { new { sessionId = "s1", title = "Prevention" }, new { sessionId = "s2", title = "Victims" } },
            facilitators = new[] { home.Admin },
            participants = new[] { other.Member },
            agencies = new[] { home.Id },
            groups = Array.Empty<string>(),
        });
        return (new World(meetingId, hubAdmin, home, other, $"/api/meetings/{meetingId}/sessions/s1"), created);
    }

    [Fact]
    public async Task A_meeting_is_created_read_by_role_and_listed_as_mine()
    {
        var (w, created) = await CreateAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/meetings/{w.MeetingId}", created.Headers.Location?.OriginalString);
        var view = await JsonAsync(created);
        Assert.Equal("facilitator", view.GetProperty("role").GetString());
        Assert.Equal("Asia/Dubai", view.GetProperty("timeZone").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T09:00:00+04:00", System.Globalization.CultureInfo.InvariantCulture), view.GetProperty("startsAt").GetDateTimeOffset());
        var participants = view.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("email").GetString()).ToList();
        Assert.Equal(new[] { w.Home.Member, w.Other.Member }.Order(StringComparer.Ordinal), participants.Order(StringComparer.Ordinal));
        Assert.Equal("NL", view.GetProperty("participants")[0].GetProperty("country").GetString());
        var session = view.GetProperty("sessions")[0];
        Assert.Equal(MeetingIds.Plenary(w.MeetingId, "s1"), session.GetProperty("plenaryRoomId").GetString());
        Assert.Equal(MeetingIds.Facilitators(w.MeetingId, "s1"), session.GetProperty("facilitatorRoomId").GetString());
        Assert.Equal("none", session.GetProperty("breakouts").GetProperty("phase").GetString());

        var asParticipant = await JsonAsync(await _kit.GetAsync(w.Home.Member, $"/api/meetings/{w.MeetingId}"));
        Assert.Equal("participant", asParticipant.GetProperty("role").GetString());
        Assert.Empty(asParticipant.GetProperty("participants").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, asParticipant.GetProperty("sessions")[0].GetProperty("facilitatorRoomId").ValueKind);

        var mine = await JsonAsync(await _kit.GetAsync(w.Other.Member, "/api/meetings/mine"));
        var line = Assert.Single(mine.EnumerateArray(), m => m.GetProperty("meetingId").GetString() == w.MeetingId);
        Assert.Equal("participant", line.GetProperty("role").GetString());
        Assert.DoesNotContain((await JsonAsync(await _kit.GetAsync(w.Other.Admin, "/api/meetings/mine"))).EnumerateArray(),
            m => m.GetProperty("meetingId").GetString() == w.MeetingId);

        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(w.Other.Admin, $"/api/meetings/{w.MeetingId}")));
        Assert.Equal((404, "meeting_not_found"), await ProblemAsync(await _kit.GetAsync(w.HubAdmin, $"/api/meetings/{NewId("nope")}")));
        Assert.Equal((400, "invalid_argument"), await ProblemAsync(await _kit.GetAsync(w.HubAdmin, "/api/meetings/Not_A_Slug")));
        Assert.Equal((409, "meeting_exists"), await ProblemAsync(await _kit.PostAsync(w.HubAdmin, "/api/meetings", new
        {
            meetingId = w.MeetingId, title = "Again", startsAt = "2026-12-01T09:00:00Z", endsAt = "2026-12-01T10:00:00Z", timeZone = "UTC",
            sessions = new[] { new { sessionId = "s1", title = "x" } },
        })));
        Assert.Equal((400, "invalid_argument"), await ProblemAsync(await _kit.PostRawAsync(w.HubAdmin, "/api/meetings", "{ \"meetingId\": \"x\" }")));
        Assert.Equal((400, "invalid_argument"), await ProblemAsync(await _kit.PostRawAsync(w.HubAdmin, "/api/meetings", "not json")));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(w.Other.Member, "/api/meetings", new
        {
            meetingId = NewId("mt"), title = "Mine", startsAt = "2026-12-01T09:00:00Z", endsAt = "2026-12-01T10:00:00Z", timeZone = "UTC",
            sessions = new[] { new { sessionId = "s1", title = "x" } },
        })));
    }

    [Fact]
    public async Task A_facilitator_runs_a_round_over_http_and_a_participant_cannot()
    {
        var (w, _) = await CreateAsync();
        var facilitator = w.Home.Admin;
        var participant = w.Home.Member;

        var draft = await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/draft", new { names = new[] { "Alpha", "Beta" } });
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var draftView = await JsonAsync(draft);
        Assert.Equal("draft", draftView.GetProperty("phase").GetString());
        Assert.Equal(1, draftView.GetProperty("round").GetInt32());
        var alpha = draftView.GetProperty("rooms")[0].GetProperty("roomId").GetString()!;
        var beta = draftView.GetProperty("rooms")[1].GetProperty("roomId").GetString()!;

        var badCsv = await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/assign", new { mode = "csv", csv = $"email,room\n{participant},Alpha\n{w.Other.Member},Gamma" });
        var (status, code) = await ProblemAsync(badCsv);
        Assert.Equal((400, "invalid_argument"), (status, code));
        Assert.Contains("CSV line 3", await badCsv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var csv = await JsonAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/assign", new { mode = "csv", csv = $"{participant},Alpha\n{w.Other.Member},2" }));
        Assert.Equal("csv", csv.GetProperty("mode").GetString());
        Assert.Equal(participant, csv.GetProperty("rooms")[0].GetProperty("members")[0].GetString());
        Assert.Equal((400, "invalid_argument"), await ProblemAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/assign", new { mode = "sideways" })));
        Assert.Equal((400, "invalid_argument"), await ProblemAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/assign", new { })));

        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(participant, $"{w.Base}/breakouts/open", new { durationMinutes = 10 })));
        Assert.Equal((400, "invalid_argument"), await ProblemAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/open", new { durationMinutes = 10, warningMinutes = new[] { 12 } })));
        var open = await JsonAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/open", new { durationMinutes = 10, warningMinutes = new[] { 2 } }));
        Assert.Equal("open", open.GetProperty("phase").GetString());
        Assert.Equal([2], open.GetProperty("warningMinutes").EnumerateArray().Select(m => m.GetInt32()));
        Assert.Equal((409, "wrong_phase"), await ProblemAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/assign", new { mode = "random" })));

        var mine = (await JsonAsync(await _kit.GetAsync(participant, $"/api/meetings/{w.MeetingId}"))).GetProperty("sessions")[0].GetProperty("breakouts");
        Assert.Equal(alpha, mine.GetProperty("myRoomId").GetString());
        Assert.Empty(mine.GetProperty("rooms")[1].GetProperty("members").EnumerateArray());

        var extended = await JsonAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/extend", new { minutes = 5 }));
        Assert.Equal(open.GetProperty("deadline").GetDateTimeOffset().AddMinutes(5), extended.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal((400, "invalid_argument"), await ProblemAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/extend", new { minutes = 121 })));

        var moved = await JsonAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/move", new { email = participant, roomId = beta }));
        Assert.Contains(participant, moved.GetProperty("rooms")[1].GetProperty("members").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(participant, $"{w.Base}/breakouts/move", new { email = participant, roomId = alpha })));
        Assert.Equal((404, "room_not_found"), await ProblemAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/move", new { email = participant, roomId = "m-x-s1-r9-1" })));

        Assert.Equal(HttpStatusCode.NoContent, (await _kit.PostAsync(facilitator, $"{w.Base}/broadcast", new { text = "Two minutes left" })).StatusCode);
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(participant, $"{w.Base}/broadcast", new { text = "I am in charge" })));
        Assert.Equal((400, "invalid_argument"), await ProblemAsync(await _kit.PostAsync(facilitator, $"{w.Base}/broadcast", new { text = new string('x', 1001) })));
        Assert.Equal(HttpStatusCode.NoContent, (await _kit.PostAsync(participant, $"{w.Base}/help", new { text = "Our room needs a facilitator" })).StatusCode);
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(w.Other.Admin, $"{w.Base}/help", new { text = "let me in" })));

        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(participant, $"{w.Base}/breakouts/close")));
        var closed = await JsonAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/close"));
        Assert.Equal("closed", closed.GetProperty("phase").GetString());
        Assert.Equal(2, closed.GetProperty("outcomes").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/close")).StatusCode);

        // The help request and the broadcast are notices in the rooms' streams.
        var grains = fixture.Server.Services.GetRequiredService<IGrainFactory>();
        var help = await grains.GetGrain<IRoomGrain>(MeetingIds.Facilitators(w.MeetingId, "s1")).GetHistoryAfter(Caller.System, 0, 50);
        Assert.Contains(help.Events, m => m.NoticeType() == "help.requested" && m.Text().Contains("needs a facilitator", StringComparison.Ordinal));
        var plenary = await grains.GetGrain<IRoomGrain>(MeetingIds.Plenary(w.MeetingId, "s1")).GetHistoryAfter(Caller.System, 0, 50);
        Assert.Equal(["breakouts.draft", "breakouts.assigned", "breakouts.opened", "breakouts.extended", "breakouts.moved", "broadcast", "breakouts.closed"],
            plenary.Events.Where(m => m.Kind == RoomEventKind.Notice).Select(m => m.NoticeType()!));
    }

    [Fact]
    public async Task A_note_template_sent_at_open_seeds_every_room_s_note_and_the_record_keeps_the_revisions()
    {
        var (w, _) = await CreateAsync();
        var facilitator = w.Home.Admin;
        var participant = w.Home.Member;
        await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/draft", new { names = new[] { "Alpha", "Beta" } });
        await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/assign", new { mode = "csv", csv = $"{participant},Alpha\n{w.Other.Member},Beta" });

        Assert.Equal((400, "invalid_argument"), await ProblemAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/open",
            new { durationMinutes = 10, noteTemplate = new string('q', 4_001) })));
        Assert.Equal((400, "invalid_argument"), await ProblemAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/open",
            new { durationMinutes = 10, noteTemplate = "Agenda\u0000" })));
        var open = await JsonAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/open",
            new { durationMinutes = 10, noteTemplate = "Question 1\r\nQuestion 2" }));
        Assert.Equal("open", open.GetProperty("phase").GetString());

        var grains = fixture.Server.Services.GetRequiredService<IGrainFactory>();
        var rooms = open.GetProperty("rooms").EnumerateArray().Select(r => r.GetProperty("roomId").GetString()!).ToList();
        var alpha = grains.GetGrain<INoteGrain>(NoteId.Of(rooms[0], NoteId.Main));
        foreach (var roomId in rooms)
        {
            var note = await grains.GetGrain<INoteGrain>(NoteId.Of(roomId, NoteId.Main)).Open(Caller.System);
            Assert.Equal((1, "Question 1\nQuestion 2\n"), (note.Rev, note.Document.ToPlainText()));
        }
        var edit = new DeltaBuilder().Retain("Question 1".Length).Insert(": yes").Build();
        Assert.Equal(2, (await alpha.Submit(new Caller(participant, "P"), new NoteSubmission("api-client-1", 1, 1, edit))).Rev);

        var closed = await JsonAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/close"));
        var revisions = closed.GetProperty("outcomes").EnumerateArray().ToDictionary(o => o.GetProperty("roomId").GetString()!, o => o.GetProperty("noteRev").GetInt64());
        Assert.Equal(2, revisions[rooms[0]]);
        Assert.Equal(1, revisions[rooms[1]]);
    }

    [Fact]
    public async Task Self_select_choices_respect_the_cap()
    {
        var (w, _) = await CreateAsync();
        var facilitator = w.Home.Admin;
        var draft = await JsonAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/draft", new { names = new[] { "Small", "Big" } }));
        var small = draft.GetProperty("rooms")[0].GetProperty("roomId").GetString()!;
        var selfSelect = await JsonAsync(await _kit.PostAsync(facilitator, $"{w.Base}/breakouts/assign", new { mode = "selfSelect", cap = 1 }));
        Assert.Equal("selfSelect", selfSelect.GetProperty("mode").GetString());
        Assert.Equal(1, selfSelect.GetProperty("selfSelectCap").GetInt32());

        var chosen = await JsonAsync(await _kit.PostAsync(w.Home.Member, $"{w.Base}/breakouts/choose", new { roomId = small }));
        Assert.Equal(small, chosen.GetProperty("myRoomId").GetString());
        Assert.Equal((409, "room_full"), await ProblemAsync(await _kit.PostAsync(w.Other.Member, $"{w.Base}/breakouts/choose", new { roomId = small })));
        Assert.Equal((404, "room_not_found"), await ProblemAsync(await _kit.PostAsync(w.Other.Member, $"{w.Base}/breakouts/choose", new { roomId = "nope" })));
        Assert.Equal((404, "meeting_not_found"), await ProblemAsync(await _kit.PostAsync(w.Other.Member, $"/api/meetings/{w.MeetingId}/sessions/s9/breakouts/choose", new { roomId = small })));
    }
}
