using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Tests.Notes;

internal static class TestNotes
{
    /// <summary>A new room (by Ann) and its main note.</summary>
    public static async Task<(string RoomId, INoteGrain Note)> CreateAsync(IGrainFactory grains)
    {
        var room = await TestRooms.CreateAsync(grains);
        var roomId = room.GetPrimaryKeyString();
        return (roomId, grains.GetGrain<INoteGrain>(NoteId.Of(roomId, NoteId.Main)));
    }

    public static Delta Insert(int at, string text, AttributeMap? attributes = null)
    {
        var builder = new DeltaBuilder();
        if (at > 0)
        {
            builder.Retain(at);
        }
        return builder.Insert(text, attributes).Build();
    }

    public static Delta Delete(int at, int count)
    {
        var builder = new DeltaBuilder();
        if (at > 0)
        {
            builder.Retain(at);
        }
        return builder.Delete(count).Build();
    }

    public static NoteSubmission Change(string clientId, long seq, long baseRev, Delta delta) => new(clientId, seq, baseRev, delta);

    /// <summary>Every revision of the note, read in pages, composed from the empty document.</summary>
    public static async Task<(Delta Document, IReadOnlyList<NoteOp> Ops)> ReplayAsync(INoteGrain note, Abstractions.Identity.Caller caller)
    {
        var ops = new List<NoteOp>();
        while (true)
        {
            var page = await note.GetOpsAfter(caller, ops.Count, 500);
            ops.AddRange(page.Ops);
            if (page.Ops.Count == 0 || ops.Count >= page.LastRev)
            {
                break;
            }
        }
        var document = Delta.Empty;
        foreach (var op in ops)
        {
            document = document.Compose(op.Delta);
        }
        return (document, ops);
    }
}
