using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Client;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests.Notes;

[Collection(EmbeddedServerCollection.Name)]
public sealed class NoteHubTests(EmbeddedServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private HubRealtimeServer Server => fixture.Server;

    [Fact]
    public async Task Many_editors_with_random_edits_disconnects_and_resends_end_with_one_document()
    {
        var roomId = await Rooms.CreateAsync(Server);
        var random = new Random(1234);
        var editors = new List<(RecordingClient Client, NoteEditor Editor, TestUser User)>();
        for (var i = 0; i < 6; i++)
        {
            var user = await Server.RegisterAsync($"editor-{i}", $"Editor {i}");
            var client = await RecordingClient.ConnectAsync(Server, user);
            await client.Hub.JoinRoomAsync(roomId);
            editors.Add((client, await NoteEditor.OpenAsync(client.Hub, roomId, user.Email), user));
        }

        for (var round = 0; round < 40; round++)
        {
            // Every editor edits its own view at once (concurrent, on stale bases); some reconnect first.
            await Task.WhenAll(editors.Select(async (e, index) =>
            {
                var seed = random.Next();
                if (round % 10 == 9 && index % 2 == round % 3 % 2)
                {
                    await e.Client.Hub.StopAsync();
                    await e.Client.Hub.StartAsync();
                    await e.Client.Hub.JoinRoomAsync(roomId);
                    await e.Editor.ReopenAsync();
                }
                await e.Editor.EditAsync(length => RandomEdit(new Random(seed), length));
            }));
        }

        var note = await editors[0].Client.Hub.OpenNoteAsync(roomId);
        var last = Server.Grains().GetGrain<INoteGrain>(note.NoteId);
        foreach (var (_, editor, _) in editors)
        {
            await editor.WaitUntilAsync(e => e.Saved, Timeout);
        }
        var head = (await last.Open(Abstractions.Identity.Caller.System)).Rev;
        foreach (var (_, editor, _) in editors)
        {
            await editor.WaitUntilAsync(e => e.Rev >= head, Timeout);
        }
        var server = await last.Open(Abstractions.Identity.Caller.System);
        Assert.All(editors, e => Assert.Equal(server.Document, e.Editor.Document));

        // Every change an editor made is stored once: (client id, seq) pairs are distinct and dense per client.
        var ops = new List<NoteOp>();
        while (ops.Count < server.Rev)
        {
            ops.AddRange((await last.GetOpsAfter(Abstractions.Identity.Caller.System, ops.Count, 500)).Ops);
        }
        Assert.Equal(ops.Count, ops.Select(o => (o.ClientId, o.Seq)).Distinct().Count());
        foreach (var byClient in ops.GroupBy(o => o.ClientId))
        {
            Assert.Equal(Enumerable.Range(1, byClient.Count()).Select(i => (long)i), byClient.Select(o => o.Seq));
        }
        Assert.Equal(server.Document, ops.Aggregate(Delta.Empty, (d, o) => d.Compose(o.Delta)));
        Assert.All(editors, e => Assert.All(e.Editor.Acks, ack => Assert.InRange(ack.Rev, 1, server.Rev)));
        foreach (var (client, editor, _) in editors)
        {
            editor.Dispose();
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_note_needs_its_room_held_on_the_connection_and_refusals_are_coded()
    {
        var roomId = await Rooms.CreateAsync(Server);
        await using var client = await RecordingClient.ConnectAsync(Server, "reader");

        var notHeld = await Assert.ThrowsAsync<HubRealtimeException>(() => client.Hub.OpenNoteAsync(roomId));
        var notOpen = await Assert.ThrowsAsync<HubRealtimeException>(() =>
            client.Hub.SubmitNoteOpAsync(NoteId.Of(roomId, NoteId.Main), new NoteSubmission("client-000001", 1, 0, new DeltaBuilder().Insert("x").Build())));
        await client.Hub.JoinRoomAsync(roomId);
        var snapshot = await client.Hub.OpenNoteAsync(roomId);
        var badName = await Assert.ThrowsAsync<HubRealtimeException>(() => client.Hub.OpenNoteAsync(roomId, "Bad Name"));
        var pastEnd = await Assert.ThrowsAsync<HubRealtimeException>(() =>
            client.Hub.SubmitNoteOpAsync(snapshot.NoteId, new NoteSubmission("client-000001", 1, 0, new DeltaBuilder().Retain(3).Insert("x").Build())));
        await client.Hub.LeaveRoomAsync(roomId);
        var leftRoom = await Assert.ThrowsAsync<HubRealtimeException>(() => client.Hub.GetNoteOpsAsync(snapshot.NoteId, 0, 10));

        Assert.Equal(ErrorCodes.NotInRoom, notHeld.Code);
        Assert.Equal(ErrorCodes.NotInRoom, notOpen.Code);
        Assert.Equal(ErrorCodes.InvalidArgument, badName.Code);
        Assert.Equal(ErrorCodes.InvalidArgument, pastEnd.Code);
        Assert.Equal(ErrorCodes.NotInRoom, leftRoom.Code);
    }

    [Fact]
    public async Task Cursors_reach_the_other_editors_and_go_when_an_editor_leaves()
    {
        var roomId = await Rooms.CreateAsync(Server);
        await using var ann = await RecordingClient.ConnectAsync(Server, "ann");
        await using var bo = await RecordingClient.ConnectAsync(Server, "bo");
        var seen = new List<NoteCursor>();
        var moved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bo.Hub.OnNoteCursor(cursor =>
        {
            lock (seen)
            {
                seen.Add(cursor);
            }
            (cursor.Cursor is null ? gone : moved).TrySetResult();
        });
        await ann.Hub.JoinRoomAsync(roomId);
        await bo.Hub.JoinRoomAsync(roomId);
        var note = await ann.Hub.OpenNoteAsync(roomId);
        await bo.Hub.OpenNoteAsync(roomId);

        await ann.Hub.MoveNoteCursorAsync(note.NoteId, new NoteSelection(0, 0, 0));
        await moved.Task.WaitAsync(Timeout);
        await ann.Hub.CloseNoteAsync(note.NoteId);
        await gone.Task.WaitAsync(Timeout);

        lock (seen)
        {
            Assert.Equal(2, seen.Count);
            Assert.All(seen, c => Assert.Equal(note.NoteId, c.NoteId));
            Assert.Equal(new NoteSelection(0, 0, 0), seen[0].Cursor);
            Assert.InRange(seen[0].Color, 0, 11);
        }
    }

    /// <summary>An insert (often), a delete or a format over the editor's current document.</summary>
    private static Delta RandomEdit(Random random, int length)
    {
        var at = random.Next(length + 1);
        var builder = new DeltaBuilder();
        if (at > 0)
        {
            builder.Retain(at);
        }
        var kind = length == 0 ? 0 : random.Next(10);
        if (kind < 6)
        {
            string[] words = ["note ", "نص ", "文字", "texte ", "\n", "é"];
            return builder.Insert(words[random.Next(words.Length)]).Build();
        }
        var span = Math.Min(length - at, 1 + random.Next(4));
        if (span == 0)
        {
            return builder.Insert("x").Build();
        }
        return kind < 9
            ? builder.Delete(span).Build()
            : builder.Retain(span, AttributeMap.Of(("bold", "true"))).Build();
    }
}
