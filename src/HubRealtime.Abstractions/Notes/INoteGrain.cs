using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// One note (keyed by its <see cref="NoteId"/>): the single writer of its op log, where revision n is
/// the n-th stored change. Access follows the note's room: whoever may read the room reads the note;
/// whoever may write it (the room is open) edits it unless a moderator locked it.
/// </summary>
[Alias("HubRealtime.Abstractions.Notes.INoteGrain")]
public interface INoteGrain : IGrainWithStringKey
{
    /// <summary>The note now, with what the caller may do and the editors' cursors.</summary>
    [Alias("Open")]
    Task<NoteSnapshot> Open(Caller caller);

    /// <summary>
    /// Transforms the change past every revision after its base, stores it as the next revision and
    /// answers once it is durable; a resend (same caller, client id and seq) answers the original revision.
    /// </summary>
    [Alias("Submit")]
    Task<NoteAck> Submit(Caller caller, NoteSubmission submission);

    /// <summary>Up to <paramref name="limit"/> revisions after <paramref name="afterRev"/>, ascending (catching up, filling gaps).</summary>
    [Alias("GetOpsAfter")]
    Task<NoteOpPage> GetOpsAfter(Caller caller, long afterRev, int limit);

    /// <summary>Moves the caller's cursor (null clears it); told to the note's readers, never stored.</summary>
    [Alias("MoveCursor")]
    Task MoveCursor(Caller caller, NoteSelection? cursor);

    /// <summary>The caller closed the note: their cursor goes.</summary>
    [Alias("Leave")]
    Task Leave(Caller caller);

    /// <summary>Moderators: locks (or unlocks) the note for everyone.</summary>
    [Alias("SetLocked")]
    Task SetLocked(Caller caller, bool locked);

    /// <summary>Sessions of editing before <paramref name="beforeRev"/> (0: from the newest), newest first, for the history list.</summary>
    [Alias("GetHistory")]
    Task<NoteHistoryPage> GetHistory(Caller caller, long beforeRev);

    /// <summary>The note as it was at <paramref name="rev"/> (one snapshot and at most a snapshot interval of ops).</summary>
    [Alias("GetVersion")]
    Task<NoteVersion> GetVersion(Caller caller, long rev);

    /// <summary>
    /// Makes the note what it was at <paramref name="rev"/> with one new revision (so nobody's later work is
    /// lost from the history; text brought back keeps its authors); audited. Returns the new revision.
    /// </summary>
    [Alias("Restore")]
    Task<NoteAck> Restore(Caller caller, long rev);

    /// <summary>Records that the caller exported the note (the export itself is read through <see cref="GetVersion"/>).</summary>
    [Alias("RecordExport")]
    Task RecordExport(Caller caller, long rev, string format);

    /// <summary>The note's last revision (0: never edited), for whoever reads its room; cheaper than <see cref="Open"/>.</summary>
    [Alias("GetHead")]
    Task<long> GetHead(Caller caller);

    /// <summary>
    /// The system only: makes a note that is still at revision 0 start as <paramref name="document"/> (a
    /// template), stored as revision 1 by <paramref name="author"/> (null: the system). Idempotent: a note
    /// with any revision is left as it is, so a repeated seed never doubles the text. True when it seeded now.
    /// </summary>
    [Alias("Seed")]
    Task<bool> Seed(Caller caller, Delta document, Caller? author = null);

    /// <summary>A silo's observer, renewed periodically; returns the last revision (the start of its live feed).</summary>
    [Alias("Subscribe")]
    Task<long> Subscribe(INoteObserver observer, SiloAddress silo);

    [Alias("Unsubscribe")]
    Task Unsubscribe(INoteObserver observer);
}
