namespace HubRealtime.Abstractions.Notes;

/// <summary>A stretch of a chunk's text with one set of attributes (null: none).</summary>
internal readonly record struct NoteRun(int Length, AttributeMap? Attributes)
{
    /// <summary>Null and empty maps are the same (quill-delta never keeps an empty attributes object).</summary>
    public static AttributeMap? Normalize(AttributeMap? attributes) => attributes is { Count: > 0 } ? attributes : null;

    public static bool SameAttributes(AttributeMap? a, AttributeMap? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.Equals(b));
}
