using System.Runtime.InteropServices;
using System.Text;

namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// Builds a <see cref="Delta"/> op by op with quill-delta's push rules: adjacent deletes merge, an insert
/// pushed after a delete goes before it, and adjacent inserts (or retains) with equal attributes merge.
/// Merges happen in place; merged insert text grows in a StringBuilder, so merging many small inserts
/// costs linear time.
/// </summary>
public sealed class DeltaBuilder
{
    // An insert slot whose text has grown keeps its first op (for kind and attributes) plus the text.
    private struct Slot
    {
        public DeltaOp Op;
        public StringBuilder? Text;
    }

    private readonly List<Slot> _slots = [];

    public DeltaBuilder()
    {
    }

    /// <summary>Starts from the ops of <paramref name="start"/> as they are (no merging, like <c>new Delta(ops)</c>).</summary>
    public DeltaBuilder(Delta start)
    {
        ArgumentNullException.ThrowIfNull(start);
        AppendRaw(start.OpArray.AsSpan());
    }

    public int Count => _slots.Count;

    /// <summary>Appends an insert; empty text is ignored and an empty attribute map counts as none.</summary>
    public DeltaBuilder Insert(string text, AttributeMap? attrs = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? this : Push(DeltaOp.InsertOf(text, NoneIfEmpty(attrs)));
    }

    /// <summary>Appends a retain; a count of zero or less is ignored and an empty attribute map counts as none.</summary>
    public DeltaBuilder Retain(int n, AttributeMap? attrs = null) =>
        n <= 0 ? this : Push(DeltaOp.RetainOf(n, NoneIfEmpty(attrs)));

    /// <summary>Appends a delete; a count of zero or less is ignored.</summary>
    public DeltaBuilder Delete(int n) => n <= 0 ? this : Push(DeltaOp.DeleteOf(n));

    /// <summary>quill-delta's <c>push</c>. Merged counts beyond int.MaxValue throw <see cref="OverflowException"/>.</summary>
    public DeltaBuilder Push(DeltaOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        var slots = CollectionsMarshal.AsSpan(_slots);
        var index = slots.Length;
        if (index == 0)
        {
            _slots.Add(new Slot { Op = op });
            return this;
        }
        ref var last = ref slots[index - 1];
        if (op.IsDelete && last.Op.IsDelete)
        {
            last.Op = DeltaOp.DeleteOf(checked(last.Op.Delete + op.Delete));
            return this;
        }
        // Inserting before or after a delete at the same index is the same: inserts go first.
        if (last.Op.IsDelete && op.IsInsert)
        {
            index -= 1;
            if (index == 0)
            {
                _slots.Insert(0, new Slot { Op = op });
                return this;
            }
            last = ref slots[index - 1];
        }
        if (Equals(op.Attributes, last.Op.Attributes))
        {
            if (op.IsInsert && last.Op.IsInsert)
            {
                last.Text ??= new StringBuilder(last.Op.Insert);
                last.Text.Append(op.Insert);
                return this;
            }
            if (op.IsRetain && last.Op.IsRetain)
            {
                last.Op = DeltaOp.RetainOf(checked(last.Op.Retain + op.Retain), op.Attributes);
                return this;
            }
        }
        _slots.Insert(index, new Slot { Op = op });
        return this;
    }

    /// <summary>quill-delta's <c>chop</c>: drops a trailing retain that has no attributes.</summary>
    public DeltaBuilder Chop()
    {
        if (_slots.Count > 0 && _slots[^1].Op is { IsRetain: true, Attributes: null })
        {
            _slots.RemoveAt(_slots.Count - 1);
        }
        return this;
    }

    public Delta Build()
    {
        var ops = new DeltaOp[_slots.Count];
        for (var i = 0; i < ops.Length; i++)
        {
            ops[i] = OpAt(i);
        }
        return Delta.FromOwnedArray(ops);
    }

    /// <summary>Appends ops without merging (quill-delta building <c>new Delta(ops)</c> from an array).</summary>
    internal void AppendRaw(ReadOnlySpan<DeltaOp> ops)
    {
        foreach (var op in ops)
        {
            _slots.Add(new Slot { Op = op });
        }
    }

    internal void AppendRaw(DeltaOp op) => _slots.Add(new Slot { Op = op });

    /// <summary>Whether the last op equals <paramref name="op"/> (compose's shortcut test), without building its text.</summary>
    internal bool LastEquals(DeltaOp op)
    {
        if (_slots.Count == 0)
        {
            return false;
        }
        var last = _slots[^1];
        if (last.Text is null)
        {
            return last.Op.Equals(op);
        }
        return op.IsInsert && Equals(op.Attributes, last.Op.Attributes) && last.Text.Equals(op.Insert.AsSpan());
    }

    private DeltaOp OpAt(int i)
    {
        var slot = _slots[i];
        return slot.Text is null ? slot.Op : DeltaOp.InsertOf(slot.Text.ToString(), slot.Op.Attributes);
    }

    private static AttributeMap? NoneIfEmpty(AttributeMap? attrs) => attrs is { Count: > 0 } ? attrs : null;
}
