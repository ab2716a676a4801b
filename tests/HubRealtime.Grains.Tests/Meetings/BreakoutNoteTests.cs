using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Meetings;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Grains.Tests.Notes;

namespace HubRealtime.Grains.Tests.Meetings;

/// <summary>Breakout notes: seeded from the round's template at open, their final revision in the session record at close.</summary>
[Collection(RoomClusterCollection.Name)]
public sealed class BreakoutNoteTests(RoomClusterFixture fixture)
{
    private const string Template = "What worked?\r\nWhat did not?\n\n";
    private const string Seeded = "What worked?\nWhat did not?\n";

    private readonly MeetingKit _m = new(fixture.Grains);

    private INoteGrain Note(string roomId) => fixture.Grains.GetGrain<INoteGrain>(NoteId.Of(roomId, NoteId.Main));

    [Fact]
    public async Task Opening_with_a_template_starts_every_breakout_note_from_it_once()
    {
        await _m.CreateAsync(perCountry: 1);
        await _m.DraftAndAssignAsync(3, AssignmentMode.Random);

        var open = await _m.Meeting.OpenBreakouts(_m.Facilitator, MeetingKit.SessionId, 15, [], Template);

        foreach (var room in open.Rooms)
        {
            var note = await Note(room.RoomId).Open(Caller.System);
            Assert.Equal(1, note.Rev);
            Assert.Equal(Seeded, note.Document.ToPlainText());
            var op = Assert.Single((await Note(room.RoomId).GetOpsAfter(Caller.System, 0, 10)).Ops);
            Assert.Equal(_m.Facilitator.UserId, op.Author);
        }
        var first = Note(open.Rooms[0].RoomId);
        var document = new DeltaBuilder().Insert(Seeded).Build();
        // A retried open seeds again: the note keeps one copy; and an open round does not open twice.
        Assert.False(await first.Seed(Caller.System, document, _m.Facilitator));
        Assert.False(await first.Seed(Caller.System, document));
        Assert.Equal(ErrorCodes.WrongPhase, await MeetingKit.CodeOf(() => _m.Meeting.OpenBreakouts(_m.Facilitator, MeetingKit.SessionId, 15, [], Template)));
        Assert.Equal(1, await first.GetHead(Caller.System));
        Assert.Equal(Seeded, (await first.Open(Caller.System)).Document.ToPlainText());
        // Only the server seeds.
        Assert.Equal(ErrorCodes.Forbidden, await MeetingKit.CodeOf(() => first.Seed(_m.Facilitator, document)));

        // Members edit on top of it.
        var member = new Caller(open.Rooms.First(r => r.Members.Count > 0).Members[0], "x");
        var theirs = Note(open.Rooms.First(r => r.Members.Contains(member.UserId)).RoomId);
        Assert.Equal(2, (await theirs.Submit(member, TestNotes.Change("client-one", 1, 1, TestNotes.Insert(Seeded.Length - 1, " Nothing.")))).Rev);
        Assert.False(await theirs.Seed(Caller.System, document));
        Assert.Equal(2, await theirs.GetHead(member));
        await _m.Meeting.CloseBreakouts(_m.Facilitator, MeetingKit.SessionId);
    }

    [Fact]
    public async Task Without_a_template_the_notes_stay_empty_and_a_bad_template_opens_nothing()
    {
        await _m.CreateAsync(perCountry: 1);
        await _m.DraftAndAssignAsync(2, AssignmentMode.Random);
        var s = MeetingKit.SessionId;

        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => _m.Meeting.OpenBreakouts(_m.Facilitator, s, 15, [], "Tab\there")));
        Assert.Equal(ErrorCodes.InvalidArgument, await MeetingKit.CodeOf(() => _m.Meeting.OpenBreakouts(_m.Facilitator, s, 15, [], new string('q', 4_001))));
        Assert.Equal(BreakoutPhase.Draft, (await _m.BreakoutsAsync()).Phase);

        var open = await _m.Meeting.OpenBreakouts(_m.Facilitator, s, 15, [], " \n ");

        foreach (var room in open.Rooms)
        {
            var note = await Note(room.RoomId).Open(Caller.System);
            Assert.Equal(0, note.Rev);
            Assert.Equal(0, note.Document.Length());
        }
        await _m.Meeting.CloseBreakouts(_m.Facilitator, s);
    }

    [Fact]
    public async Task Closing_a_round_records_each_note_s_final_revision_and_the_notes_refuse_changes()
    {
        await _m.CreateAsync(perCountry: 2);
        await _m.DraftAndAssignAsync(3, AssignmentMode.Balanced);
        var open = await _m.Meeting.OpenBreakouts(_m.Facilitator, MeetingKit.SessionId, 15, []);
        var edited = open.Rooms[0];
        var member = new Caller(edited.Members[0], "x");
        var note = Note(edited.RoomId);
        await note.Submit(member, TestNotes.Change("client-one", 1, 0, TestNotes.Insert(0, "We agreed.\n")));
        await note.Submit(member, TestNotes.Change("client-one", 2, 1, TestNotes.Insert(0, "Round one: ")));

        var closed = await _m.Meeting.CloseBreakouts(_m.Facilitator, MeetingKit.SessionId);

        var outcomes = closed.Outcomes.ToDictionary(o => o.RoomId);
        Assert.Equal(2, outcomes[edited.RoomId].NoteRev);
        Assert.All(open.Rooms.Skip(1), r => Assert.Equal(0, outcomes[r.RoomId].NoteRev));
        // The record as a participant reads it carries the revision too.
        var participantRecord = (await _m.BreakoutsAsync(member)).Outcomes.Single(o => o.RoomId == edited.RoomId);
        Assert.Equal(2, participantRecord.NoteRev);
        Assert.Equal(ErrorCodes.RoomClosed, await MeetingKit.CodeOf(() => note.Submit(member, TestNotes.Change("client-one", 3, 2, TestNotes.Insert(0, "Late ")))));
        Assert.Equal(2, await note.GetHead(member));
        var snapshot = await note.Open(member);
        Assert.True(snapshot.ReadOnly);
        Assert.False(snapshot.Capabilities.Write);
        Assert.Equal("Round one: We agreed.\n", snapshot.Document.ToPlainText());
    }
}
