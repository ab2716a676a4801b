using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Notes;

/// <summary>
/// A change that turns one document into another: keeps their common start and end (same text, same
/// attributes), deletes the middle of the first and inserts the middle of the second with its own
/// attributes (its authors included). Not minimal inside the middle, which is all a restore needs: one
/// revision, readable in the history, that brings the old text back as it was.
/// </summary>
internal static class DocumentDiff
{
    public static Delta Between(Delta from, Delta to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var a = Expand(from);
        var b = Expand(to);
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && Same(a[prefix], b[prefix]))
        {
            prefix++;
        }
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && Same(a[^(suffix + 1)], b[^(suffix + 1)]))
        {
            suffix++;
        }
        var change = new DeltaBuilder();
        if (prefix > 0)
        {
            change.Retain(prefix);
        }
        if (a.Length - prefix - suffix > 0)
        {
            change.Delete(a.Length - prefix - suffix);
        }
        foreach (var op in to.Slice(prefix, b.Length - suffix).Ops)
        {
            change.Push(op);
        }
        return change.Chop().Build();
    }

    private static bool Same((char Char, AttributeMap? Attributes) x, (char Char, AttributeMap? Attributes) y) =>
        x.Char == y.Char && Equals(x.Attributes ?? AttributeMap.Empty, y.Attributes ?? AttributeMap.Empty);

    /// <summary>One entry per UTF-16 unit: a restore is rare, and this keeps the comparison exact.</summary>
    private static (char Char, AttributeMap? Attributes)[] Expand(Delta document)
    {
        var units = new (char, AttributeMap?)[document.Length()];
        var i = 0;
        foreach (var op in document.Ops)
        {
            foreach (var c in op.Insert ?? "")
            {
                units[i++] = (c, op.Attributes);
            }
        }
        return units;
    }
}
