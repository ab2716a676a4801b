using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Notes;

/// <summary>
/// Replays an editing trace the way the note grain applies ops: each patch becomes a delta (UTF-16
/// positions), goes through <see cref="NoteOpPolicy"/> (checks, author stamp) and is applied to a
/// <see cref="NoteDocument"/>. Shared by the trace tests and the notes-trace benchmark.
/// </summary>
public static class EditingTraceReplay
{
    public const string AuthorId = "trace-author";

    public static NoteDocument Start(EditingTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return NoteDocument.From(new DeltaBuilder().Insert(trace.StartContent).Build());
    }

    /// <summary>Applies every patch of the trace to <paramref name="document"/> (made by <see cref="Start"/>).</summary>
    public static void Run(EditingTrace trace, NoteDocument document)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(document);
        foreach (var patch in trace.Patches)
        {
            var change = NoteOpPolicy.Check(ToDelta(patch, document), AuthorId);
            NoteOpPolicy.EnsureFits(document.Length, change);
            document.Apply(change);
        }
    }

    /// <summary>The patch as a delta over the document as it is now (code points turned into UTF-16 offsets).</summary>
    public static Delta ToDelta(EditingTracePatch patch, NoteDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var at = document.Utf16OffsetOfCodePoint(patch.Position);
        var end = patch.Deleted == 0 ? at : document.Utf16OffsetOfCodePoint(patch.Position + patch.Deleted);
        return new DeltaBuilder().Retain(at).Delete(end - at).Insert(patch.Inserted).Build();
    }
}
