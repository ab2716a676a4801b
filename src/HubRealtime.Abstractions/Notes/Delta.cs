using System.Text;
using System.Text.Json.Serialization;

namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// A Quill rich-text delta (text only), with quill-delta 5.1.0's semantics: a document is a delta of
/// inserts only; a change is retains, deletes and inserts over a document. Immutable, value equality by
/// ops. Built with <see cref="DeltaBuilder"/>, which normalizes; the constructor and the JSON reader keep
/// ops as given, like <c>new Delta(ops)</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.Delta")]
[JsonConverter(typeof(DeltaJsonConverter))]
public sealed partial class Delta : IEquatable<Delta>
{
    public static Delta Empty { get; } = new([]);

    [Id(0)] private readonly DeltaOp[] _ops;

    /// <summary>The ops as given, without merging or chopping.</summary>
    public Delta(IEnumerable<DeltaOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        _ops = [.. ops];
        if (Array.IndexOf(_ops, null) >= 0)
        {
            throw new ArgumentException("An op is null.", nameof(ops));
        }
    }

    private Delta(DeltaOp[] ops) => _ops = ops;

    internal static Delta FromOwnedArray(DeltaOp[] ops) => ops.Length == 0 ? Empty : new Delta(ops);

    public IReadOnlyList<DeltaOp> Ops => Array.AsReadOnly(OpArray);

    // Orleans may leave the field null for a deserialized empty array.
    internal DeltaOp[] OpArray => _ops ?? [];

    /// <summary>Only inserts (the empty delta too).</summary>
    public bool IsDocument => Array.TrueForAll(OpArray, op => op.IsInsert);

    /// <summary>The sum of the op lengths (saturating at int.MaxValue).</summary>
    public int Length()
    {
        long total = 0;
        foreach (var op in OpArray)
        {
            total += op.Length;
        }
        return Saturate(total);
    }

    /// <summary>How much the change alters a document's length: inserts minus deletes (saturating).</summary>
    public int ChangeLength()
    {
        long total = 0;
        foreach (var op in OpArray)
        {
            total += op.IsInsert ? op.Length : -op.Delete;
        }
        return Saturate(total);
    }

    /// <summary>
    /// Retains plus deletes: the shortest document this change applies to (saturating). Compose itself, like
    /// quill-delta, accepts changes that run past a document's end and just appends them.
    /// </summary>
    public int BaseLength()
    {
        long total = 0;
        foreach (var op in OpArray)
        {
            total += op.Retain + op.Delete;
        }
        return Saturate(total);
    }

    /// <summary>The text of every insert, concatenated.</summary>
    public string ToPlainText()
    {
        var text = new StringBuilder();
        foreach (var op in OpArray)
        {
            text.Append(op.Insert);
        }
        return text.ToString();
    }

    /// <summary>The ops covering positions [start, end), split at the bounds (quill-delta's slice).</summary>
    public Delta Slice(int start = 0, int end = int.MaxValue)
    {
        var ops = new List<DeltaOp>();
        var iter = new OpIterator(OpArray);
        long index = 0;
        while (index < end && iter.HasNext)
        {
            DeltaOp next;
            if (index < start)
            {
                next = iter.Next((int)(start - index));
            }
            else
            {
                next = iter.Next((int)(end - index));
                ops.Add(next);
            }
            index += next.Length;
        }
        return FromOwnedArray([.. ops]);
    }

    /// <summary>This delta followed by <paramref name="other"/>: other's first op is pushed (merging), the rest appended as is.</summary>
    public Delta Concat(Delta other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var otherOps = other.OpArray;
        if (otherOps.Length == 0)
        {
            return this;
        }
        var builder = new DeltaBuilder(this);
        builder.Push(otherOps[0]);
        builder.AppendRaw(otherOps.AsSpan(1));
        return builder.Build();
    }

    public bool Equals(Delta? other) =>
        other is not null && (ReferenceEquals(this, other) || OpArray.AsSpan().SequenceEqual(other.OpArray));

    public override bool Equals(object? obj) => obj is Delta other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var op in OpArray)
        {
            hash.Add(op);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => "{\"ops\":[" + string.Join(",", OpArray.Select(op => op.ToString())) + "]}";

    private static int Saturate(long value) => (int)Math.Clamp(value, int.MinValue, int.MaxValue);
}
