namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// Bounds on notes, enforced by the server's op policy (and shown by clients before they send).
/// Lengths are UTF-16 code units, as everywhere in deltas.
/// </summary>
public static class NoteLimits
{
    /// <summary>Ops in one submitted change (a paste of formatted text is a few hundred).</summary>
    public const int MaxOpsPerChange = 2_000;

    /// <summary>Characters inserted by one change.</summary>
    public const int MaxInsertedCharsPerChange = 60_000;

    /// <summary>The longest note: past it a change that grows the note is refused with note_too_large.</summary>
    public const int MaxNoteLength = 1_000_000;

    /// <summary>The JSON text of one attribute value (a link is the longest one in practice).</summary>
    public const int MaxAttributeValueLength = 2_048;

    /// <summary>Named notes a working group's room keeps besides its main note.</summary>
    public const int MaxNamedNotes = 50;
}
