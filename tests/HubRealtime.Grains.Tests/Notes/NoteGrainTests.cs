using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Notes;
using HubRealtime.Grains.Storage.Sqlite;
using static HubRealtime.Grains.Tests.Notes.TestNotes;

namespace HubRealtime.Grains.Tests.Notes;

[Collection(RoomClusterCollection.Name)]
public sealed class NoteGrainTests(RoomClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_new_note_is_empty_at_revision_zero_and_writable_for_a_reader_of_its_room()
    {
        var (roomId, note) = await CreateAsync(Grains);

        var snapshot = await note.Open(TestRooms.Bo);

        Assert.Equal(0, snapshot.Rev);
        Assert.Empty(snapshot.Document.Ops);
        Assert.Equal(roomId, snapshot.RoomId);
        Assert.Equal(NoteId.Main, snapshot.Doc);
        Assert.True(snapshot.Capabilities.Write);
        Assert.False(snapshot.Capabilities.Lock);
        Assert.False(snapshot.Locked);
        var creator = await Grains.GetGrain<IRoomGrain>(roomId).GetCapabilities(TestRooms.Ann);
        Assert.Equal(creator.Moderate, (await note.Open(TestRooms.Ann)).Capabilities.Lock);
    }

    [Fact]
    public async Task Concurrent_changes_on_a_stale_base_are_transformed_and_every_reader_converges()
    {
        var (_, note) = await CreateAsync(Grains);
        await note.Submit(TestRooms.Ann, Change("client-ann-1", 1, 0, Insert(0, "Agenda\n")));

        // Three editors, all at revision 1, change the same place at once.
        var acks = await Task.WhenAll(
            note.Submit(TestRooms.Ann, Change("client-ann-1", 2, 1, Insert(6, " today"))),
            note.Submit(TestRooms.Bo, Change("client-bo-01", 1, 1, Insert(0, "Draft: "))),
            note.Submit(TestRooms.Bo, Change("client-bo-02", 1, 1, Delete(0, 6))));

        Assert.Equal([2L, 3L, 4L], acks.Select(a => a.Rev).Order());
        var (replayed, ops) = await ReplayAsync(note, TestRooms.Ann);
        var snapshot = await note.Open(TestRooms.Bo);
        Assert.Equal(4, snapshot.Rev);
        Assert.Equal(replayed, snapshot.Document);
        Assert.Equal("Draft:  today\n", snapshot.Document.ToPlainText());
        Assert.All(ops, op => Assert.True(op.Delta.Ops.Where(o => o.IsInsert).All(o => o.Attributes!.TryGetValue("author", out var a) && a == $"\"{op.Author}\"")));
    }

    [Fact]
    public async Task The_server_stamps_the_author_and_ignores_one_the_client_sent()
    {
        var (_, note) = await CreateAsync(Grains);

        await note.Submit(TestRooms.Bo, Change("client-bo-01", 1, 0, Insert(0, "mine", AttributeMap.Of(("author", "\"ann@agency.example\""), ("bold", "true")))));

        var op = Assert.Single((await note.GetOpsAfter(TestRooms.Ann, 0, 10)).Ops);
        Assert.Equal(TestRooms.Bo.UserId, op.Author);
        Assert.True(op.Delta.Ops[0].Attributes!.TryGetValue("author", out var author));
        Assert.Equal("\"bo@agency.example\"", author);
        Assert.True(op.Delta.Ops[0].Attributes!.TryGetValue("bold", out _));
    }

    [Fact]
    public async Task A_resend_returns_the_original_revision_even_after_the_grain_was_reactivated()
    {
        var (_, note) = await CreateAsync(Grains);
        var first = await note.Submit(TestRooms.Ann, Change("client-ann-1", 1, 0, Insert(0, "once")));
        var again = await note.Submit(TestRooms.Ann, Change("client-ann-1", 1, 0, Insert(0, "once")));
        await note.Submit(TestRooms.Bo, Change("client-bo-01", 1, 1, Insert(4, " more")));

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        // Resent after the grain forgot its acks, on a base that is stale by now, and changed since.
        var afterRestart = await note.Submit(TestRooms.Ann, Change("client-ann-1", 1, 1, Insert(0, "once!")));

        Assert.Equal(new NoteAck(1, false), first);
        Assert.Equal(new NoteAck(1, true), again);
        Assert.Equal(new NoteAck(1, true), afterRestart);
        var snapshot = await note.Open(TestRooms.Ann);
        Assert.Equal(2, snapshot.Rev);
        Assert.Equal("once more", snapshot.Document.ToPlainText());
    }

    [Fact]
    public async Task A_reactivated_note_is_its_snapshot_plus_the_ops_after_it()
    {
        var (_, note) = await CreateAsync(Grains);
        var text = "";
        for (var i = 1; i <= NoteGrain.SnapshotInterval * 2 + 37; i++)
        {
            var piece = (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await note.Submit(TestRooms.Ann, Change("client-ann-1", i, i - 1, Insert(text.Length / 2, piece)));
            text = text.Insert(text.Length / 2, piece);
        }

        var before = await note.Open(TestRooms.Ann);
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await note.Open(TestRooms.Ann);

        Assert.Equal(text, after.Document.ToPlainText());
        Assert.Equal(before.Document, after.Document);
        Assert.Equal(NoteGrain.SnapshotInterval * 2 + 37, after.Rev);
        await using var database = new SqliteDatabase(fixture.DataDirectory);
        var store = new SqliteNoteSnapshotStore(database);
        Assert.NotNull(await store.ReadAsync(note.GetPrimaryKeyString(), NoteGrain.SnapshotInterval));
        Assert.NotNull(await store.ReadAsync(note.GetPrimaryKeyString(), NoteGrain.SnapshotInterval * 2));
        Assert.Null(await store.ReadAsync(note.GetPrimaryKeyString(), NoteGrain.SnapshotInterval * 2 + 37));
    }

    [Fact]
    public async Task A_client_far_behind_is_transformed_past_every_revision_it_missed()
    {
        var (_, note) = await CreateAsync(Grains);
        await note.Submit(TestRooms.Bo, Change("client-bo-01", 1, 0, Insert(0, "[]")));
        for (var i = 2; i <= 1500; i++)
        {
            await note.Submit(TestRooms.Bo, Change("client-bo-01", i, i - 1, Insert(1, "x")));
        }

        // Ann typed at the end of "[]" while offline, at revision 1.
        var ack = await note.Submit(TestRooms.Ann, Change("client-ann-1", 1, 1, Insert(2, "!")));

        Assert.Equal(1501, ack.Rev);
        var text = (await note.Open(TestRooms.Ann)).Document.ToPlainText();
        Assert.Equal("[" + new string('x', 1499) + "]!", text);
    }

    [Fact]
    public async Task Refused_changes_store_nothing()
    {
        var (_, note) = await CreateAsync(Grains);
        await note.Submit(TestRooms.Ann, Change("client-ann-1", 1, 0, Insert(0, "abc")));

        var pastEnd = await Assert.ThrowsAsync<HubRealtimeException>(() => note.Submit(TestRooms.Ann, Change("client-ann-1", 2, 1, Delete(2, 5))));
        var script = await Assert.ThrowsAsync<HubRealtimeException>(() => note.Submit(TestRooms.Ann,
            Change("client-ann-1", 3, 1, Insert(0, "x", AttributeMap.Of(("link", "\"javascript:alert(1)\""))))));
        var future = await Assert.ThrowsAsync<HubRealtimeException>(() => note.Submit(TestRooms.Ann, Change("client-ann-1", 4, 7, Insert(0, "x"))));
        var badClient = await Assert.ThrowsAsync<HubRealtimeException>(() => note.Submit(TestRooms.Ann, Change("x", 1, 1, Insert(0, "x"))));

        Assert.Equal(ErrorCodes.InvalidArgument, pastEnd.Code);
        Assert.Equal(ErrorCodes.InvalidArgument, script.Code);
        Assert.Equal(ErrorCodes.StaleBase, future.Code);
        Assert.Equal(ErrorCodes.InvalidArgument, badClient.Code);
        var snapshot = await note.Open(TestRooms.Ann);
        Assert.Equal(1, snapshot.Rev);
        Assert.Equal("abc", snapshot.Document.ToPlainText());
    }

    [Fact]
    public async Task A_locked_note_and_a_closed_room_are_read_only()
    {
        var (roomId, note) = await CreateAsync(Grains);
        var notModerator = await Assert.ThrowsAsync<HubRealtimeException>(() => note.SetLocked(TestRooms.Bo, true));
        await note.SetLocked(Abstractions.Identity.Caller.System, true);

        var locked = await Assert.ThrowsAsync<HubRealtimeException>(() => note.Submit(TestRooms.Bo, Change("client-bo-01", 1, 0, Insert(0, "x"))));
        var lockedView = await note.Open(TestRooms.Bo);
        await note.SetLocked(Abstractions.Identity.Caller.System, false);
        await Grains.GetGrain<IRoomGrain>(roomId).SetClosed(Abstractions.Identity.Caller.System, true);
        var closed = await Assert.ThrowsAsync<HubRealtimeException>(() => note.Submit(TestRooms.Bo, Change("client-bo-01", 1, 0, Insert(0, "x"))));
        var closedView = await note.Open(TestRooms.Bo);

        Assert.Equal(ErrorCodes.Forbidden, notModerator.Code);
        Assert.Equal(ErrorCodes.NoteLocked, locked.Code);
        Assert.True(lockedView.Locked);
        Assert.False(lockedView.Capabilities.Write);
        Assert.Equal(ErrorCodes.RoomClosed, closed.Code);
        Assert.True(closedView.ReadOnly);
        Assert.False(closedView.Capabilities.Write);
        Assert.Equal(0, closedView.Rev);
    }

    [Fact]
    public async Task Whoever_may_not_read_the_room_gets_nothing_of_its_note()
    {
        var roomId = TestRooms.NewId();
        await Grains.GetGrain<IRoomGrain>(roomId).CreateRestricted(Abstractions.Identity.Caller.System, "Private",
            new RoomAccess("wg:test", [TestRooms.Ann.UserId], []));
        var note = Grains.GetGrain<INoteGrain>(NoteId.Of(roomId, NoteId.Main));

        var open = await Assert.ThrowsAsync<HubRealtimeException>(() => note.Open(TestRooms.Bo));
        var submit = await Assert.ThrowsAsync<HubRealtimeException>(() => note.Submit(TestRooms.Bo, Change("client-bo-01", 1, 0, Insert(0, "x"))));

        Assert.Equal(ErrorCodes.Forbidden, open.Code);
        Assert.Equal(ErrorCodes.Forbidden, submit.Code);
        Assert.Equal(0, (await note.Open(TestRooms.Ann)).Rev);
    }

    [Fact]
    public async Task A_working_group_keeps_named_notes_and_other_rooms_only_their_shared_note()
    {
        var groupRoomId = "wg-" + Guid.NewGuid().ToString("N")[..12];
        var room = Grains.GetGrain<IRoomGrain>(groupRoomId);
        await room.CreateRestricted(Abstractions.Identity.Caller.System, "Group", new RoomAccess("group:test", [TestRooms.Ann.UserId, TestRooms.Bo.UserId], [TestRooms.Ann.UserId]));

        var minutes = await room.AddNote(TestRooms.Bo, "minutes", "Minutes of 4 December");
        var duplicate = await Assert.ThrowsAsync<HubRealtimeException>(() => room.AddNote(TestRooms.Ann, "minutes", "Again"));
        var unknown = await Assert.ThrowsAsync<HubRealtimeException>(() => Grains.GetGrain<INoteGrain>(NoteId.Of(groupRoomId, "nothing")).Open(TestRooms.Ann));
        var (_, plain) = await CreateAsync(Grains);
        var notAGroup = await Assert.ThrowsAsync<HubRealtimeException>(() => Grains.GetGrain<IRoomGrain>(NoteId.Parse(plain.GetPrimaryKeyString()).RoomId).AddNote(TestRooms.Ann, "extra", "Extra"));
        await Grains.GetGrain<INoteGrain>(minutes.NoteId).Submit(TestRooms.Bo, Change("client-bo-01", 1, 0, Insert(0, "Decisions\n")));

        var notes = await room.ListNotes(TestRooms.Ann);
        Assert.Equal([NoteId.Main, "minutes"], notes.Select(n => n.Doc));
        Assert.Equal("Minutes of 4 December", notes[1].Title);
        Assert.Equal(TestRooms.Bo.UserId, notes[1].CreatedBy);
        Assert.Equal("Decisions\n", (await Grains.GetGrain<INoteGrain>(minutes.NoteId).Open(TestRooms.Ann)).Document.ToPlainText());
        Assert.Equal(ErrorCodes.NoteExists, duplicate.Code);
        Assert.Equal(ErrorCodes.NoteNotFound, unknown.Code);
        Assert.Equal(ErrorCodes.InvalidArgument, notAGroup.Code);
    }

    [Fact]
    public async Task History_groups_revisions_into_sessions_and_a_restore_brings_an_old_version_back_as_a_new_revision()
    {
        var (_, note) = await CreateAsync(Grains);
        await note.Submit(TestRooms.Ann, Change("client-ann-1", 1, 0, Insert(0, "First draft\n")));
        await note.Submit(TestRooms.Bo, Change("client-bo-01", 1, 1, Insert(5, " rough")));
        RoomClusterFixture.Clock.Advance(NoteHistory.SessionGap + TimeSpan.FromMinutes(1));
        await note.Submit(TestRooms.Bo, Change("client-bo-01", 2, 2, Delete(0, 11)));

        var history = await note.GetHistory(TestRooms.Ann, 0);
        var old = await note.GetVersion(TestRooms.Ann, 2);
        var restored = await note.Restore(TestRooms.Ann, 2);
        var now = await note.Open(TestRooms.Bo);

        Assert.Equal([(3L, 3L), (1L, 2L)], history.Sessions.Select(s => (s.FromRev, s.ToRev)));
        Assert.Equal([TestRooms.Ann.UserId, TestRooms.Bo.UserId], history.Sessions[1].Editors.Select(e => e.UserId));
        Assert.Equal(0, history.NextBeforeRev);
        Assert.Equal("First rough draft\n", old.Document.ToPlainText());
        Assert.Equal(4, restored.Rev);
        Assert.Equal(old.Document, now.Document);
        // The text brought back keeps who wrote it.
        var authors = now.Document.Ops.Select(o => o.Attributes!.TryGetValue("author", out var a) ? a : null).ToList();
        Assert.Contains("\"bo@agency.example\"", authors);
        Assert.Contains("\"ann@agency.example\"", authors);
    }
}
