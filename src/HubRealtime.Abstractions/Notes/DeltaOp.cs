using System.Text.Json.Serialization;

namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// One op of a <see cref="Delta"/>: exactly one of a non-empty text <see cref="Insert"/>, a positive
/// <see cref="Retain"/> count or a positive <see cref="Delete"/> count (text only: no embeds). Inserts and
/// retains may carry <see cref="Attributes"/>; an empty map is kept apart from null, as quill-delta keeps
/// <c>{}</c> apart from undefined. Lengths are UTF-16 code units.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.DeltaOp")]
[JsonConverter(typeof(DeltaOpJsonConverter))]
public sealed record DeltaOp
{
    private DeltaOp(string? insert, int retain, int delete, AttributeMap? attributes)
    {
        Insert = insert;
        Retain = retain;
        Delete = delete;
        Attributes = attributes;
    }

    [Id(0)] public string? Insert { get; }
    [Id(1)] public int Retain { get; }
    [Id(2)] public int Delete { get; }
    [Id(3)] public AttributeMap? Attributes { get; }

    public bool IsInsert => Insert is not null;
    public bool IsRetain => Retain > 0;
    public bool IsDelete => Delete > 0;

    /// <summary>The UTF-16 length of the text, or the count.</summary>
    public int Length => Insert?.Length ?? (Retain > 0 ? Retain : Delete);

    public static DeltaOp InsertOf(string text, AttributeMap? attrs = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return new DeltaOp(text, 0, 0, attrs);
    }

    public static DeltaOp RetainOf(int n, AttributeMap? attrs = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return new DeltaOp(null, n, 0, attrs);
    }

    /// <summary>A delete carries no attributes (quill-delta drops them as soon as a delete is split or merged).</summary>
    public static DeltaOp DeleteOf(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return new DeltaOp(null, 0, n, null);
    }

    public override string ToString()
    {
        var attributes = Attributes is null ? "" : $",\"attributes\":{Attributes}";
        return IsInsert ? $"{{\"insert\":{AttributeJson.CanonicalString(Insert!)}{attributes}}}"
            : IsRetain ? $"{{\"retain\":{Retain}{attributes}}}"
            : $"{{\"delete\":{Delete}}}";
    }
}
