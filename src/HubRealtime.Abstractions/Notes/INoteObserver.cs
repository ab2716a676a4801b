using Orleans.Concurrency;

namespace HubRealtime.Abstractions.Notes;

/// <summary>Implemented once per silo: a note grain tells each subscribed silo once, the silo its local connections.</summary>
[Alias("HubRealtime.Abstractions.Notes.INoteObserver")]
public interface INoteObserver : IGrainObserver
{
    /// <summary>Newly stored revisions, contiguous and ascending.</summary>
    [OneWay, Alias("OnNoteOps")]
    Task OnNoteOps(string noteId, IReadOnlyList<NoteOp> ops);

    [OneWay, Alias("OnNoteCursor")]
    Task OnNoteCursor(NoteCursor cursor);

    [OneWay, Alias("OnNoteState")]
    Task OnNoteState(NoteStateEvent state);
}
