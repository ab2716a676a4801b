using HubRealtime.Abstractions.Streams;

namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// One stored revision of a note: the change as the server applied it (already transformed past every
/// earlier revision), who made it and under which (client id, client seq), and the note's length after
/// it (so a later change made against this revision is checked without the document).
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteOp")]
public sealed record NoteOp(
    [property: Id(0)] long Rev,
    [property: Id(1)] Delta Delta,
    [property: Id(2)] string Author,
    [property: Id(3)] string AuthorName,
    [property: Id(4)] string ClientId,
    [property: Id(5)] long Seq,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] int LengthAfter) : ISequenced
{
    long ISequenced.Seq => Rev;
}

/// <summary>
/// A change a client submits: made against <see cref="BaseRev"/> (the last revision it applied), the
/// <see cref="Seq"/>-th change of editor instance <see cref="ClientId"/>. A resend carries the same
/// (client id, seq) and is answered with the original revision.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteSubmission")]
public sealed record NoteSubmission(
    [property: Id(0)] string ClientId,
    [property: Id(1)] long Seq,
    [property: Id(2)] long BaseRev,
    [property: Id(3)] Delta Delta);

/// <summary>Sent only once the change is durably stored; <see cref="Duplicate"/> when it was stored before (a resend).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteAck")]
public sealed record NoteAck(
    [property: Id(0)] long Rev,
    [property: Id(1)] bool Duplicate);

/// <summary>What the caller may do with a note, decided by the note grain from the room's access and the note's lock.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteCapabilities")]
public sealed record NoteCapabilities(
    [property: Id(0)] bool Read,
    [property: Id(1)] bool Write,
    [property: Id(2)] bool Lock);

/// <summary>
/// A note at revision <see cref="Rev"/> (0: never edited) as one document delta, with what the caller
/// may do and whether it is locked (by a moderator) or read-only (its room is closed).
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteSnapshot")]
public sealed record NoteSnapshot(
    [property: Id(0)] string NoteId,
    [property: Id(1)] string RoomId,
    [property: Id(2)] string Doc,
    [property: Id(3)] long Rev,
    [property: Id(4)] Delta Document,
    [property: Id(5)] NoteCapabilities Capabilities,
    [property: Id(6)] bool Locked,
    [property: Id(7)] bool ReadOnly,
    [property: Id(8)] IReadOnlyList<NoteCursor> Cursors);

/// <summary>Up to the asked number of revisions after a given one, ascending, and the note's last revision.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteOpPage")]
public sealed record NoteOpPage(
    [property: Id(0)] IReadOnlyList<NoteOp> Ops,
    [property: Id(1)] long LastRev);

/// <summary>Pushed to a note's readers: newly stored revisions, contiguous and ascending.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteOpsEvent")]
public sealed record NoteOpsEvent(
    [property: Id(0)] string NoteId,
    [property: Id(1)] IReadOnlyList<NoteOp> Ops);

/// <summary>A selection in a note at a revision: a caret when <see cref="Length"/> is 0.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteSelection")]
public sealed record NoteSelection(
    [property: Id(0)] long Rev,
    [property: Id(1)] int Index,
    [property: Id(2)] int Length);

/// <summary>
/// Where an editor's cursor is (transient presence, never stored): <see cref="Cursor"/> null when they
/// cleared the selection or left the note. <see cref="Color"/> is a palette index (0–11) fixed per user.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteCursor")]
public sealed record NoteCursor(
    [property: Id(0)] string NoteId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] int Color,
    [property: Id(4)] NoteSelection? Cursor);

/// <summary>Pushed when a note is locked or unlocked, or its room closed (read-only).</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteStateEvent")]
public sealed record NoteStateEvent(
    [property: Id(0)] string NoteId,
    [property: Id(1)] bool Locked,
    [property: Id(2)] bool ReadOnly);

/// <summary>Someone who edited in a session of editing, with how many revisions they made in it.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteEditorSummary")]
public sealed record NoteEditorSummary(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] int Revisions);

/// <summary>
/// A session of editing: revisions <see cref="FromRev"/>–<see cref="ToRev"/>, none more than
/// <see cref="NoteHistory.SessionGap"/> after the one before it, with who edited and when.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteEditSession")]
public sealed record NoteEditSession(
    [property: Id(0)] long FromRev,
    [property: Id(1)] long ToRev,
    [property: Id(2)] DateTimeOffset Started,
    [property: Id(3)] DateTimeOffset Ended,
    [property: Id(4)] IReadOnlyList<NoteEditorSummary> Editors);

/// <summary>
/// Sessions of editing, newest first, over the revisions before a given one (at most
/// <see cref="NoteHistory.MaxRevisionsPerPage"/> of them); <see cref="NextBeforeRev"/> continues (0: the start was reached).
/// A session cut by a page boundary continues in the next page.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteHistoryPage")]
public sealed record NoteHistoryPage(
    [property: Id(0)] IReadOnlyList<NoteEditSession> Sessions,
    [property: Id(1)] long LastRev,
    [property: Id(2)] long NextBeforeRev);

/// <summary>The note as it was at a revision.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteVersion")]
public sealed record NoteVersion(
    [property: Id(0)] string NoteId,
    [property: Id(1)] long Rev,
    [property: Id(2)] Delta Document,
    [property: Id(3)] DateTimeOffset? At);

public static class NoteHistory
{
    /// <summary>A pause longer than this between two revisions starts a new session of editing.</summary>
    public static readonly TimeSpan SessionGap = TimeSpan.FromMinutes(10);

    public const int MaxRevisionsPerPage = 2_000;
}

/// <summary>A note of a room: its main note (title empty: the client names it) or a working group's named one.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.NoteInfo")]
public sealed record NoteInfo(
    [property: Id(0)] string NoteId,
    [property: Id(1)] string Doc,
    [property: Id(2)] string Title,
    [property: Id(3)] DateTimeOffset? CreatedAt,
    [property: Id(4)] string? CreatedBy);
