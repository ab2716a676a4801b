namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// Walks the ops of a delta taking pieces of any length (quill-delta's OpIterator). Past the end it yields
/// an endless retain: <see cref="Next"/> then returns <see cref="EndRetain"/> and <see cref="PeekLength"/>
/// is int.MaxValue (quill-delta's Infinity; no real op is that long where it matters, see
/// <see cref="HasNext"/>).
/// </summary>
internal struct OpIterator
{
    /// <summary>The retain returned past the end (quill-delta's <c>{ retain: Infinity }</c>).</summary>
    public static readonly DeltaOp EndRetain = DeltaOp.RetainOf(int.MaxValue);

    private readonly DeltaOp[] _ops;
    private int _index;
    private int _offset;

    public OpIterator(DeltaOp[] ops)
    {
        _ops = ops;
        _index = 0;
        _offset = 0;
    }

    public readonly bool HasNext => _index < _ops.Length;

    /// <summary>What is left of the current op; int.MaxValue past the end.</summary>
    public readonly int PeekLength => HasNext ? _ops[_index].Length - _offset : int.MaxValue;

    public readonly DeltaOp? Peek => HasNext ? _ops[_index] : null;

    public readonly bool PeekIsInsert => HasNext && _ops[_index].IsInsert;

    public readonly bool PeekIsDelete => HasNext && _ops[_index].IsDelete;

    /// <summary>Takes up to <paramref name="length"/> of the current op (all of what is left when length is 0 or more).</summary>
    public DeltaOp Next(int length = int.MaxValue)
    {
        if (!HasNext)
        {
            return EndRetain;
        }
        var op = _ops[_index];
        var offset = _offset;
        var left = op.Length - offset;
        if (length <= 0 || length >= left)
        {
            length = left;
            _index += 1;
            _offset = 0;
            if (offset == 0)
            {
                return op;
            }
        }
        else
        {
            _offset += length;
        }
        return op.IsDelete ? DeltaOp.DeleteOf(length)
            : op.IsRetain ? DeltaOp.RetainOf(length, op.Attributes)
            : DeltaOp.InsertOf(op.Insert!.Substring(offset, length), op.Attributes);
    }

    /// <summary>Moves past what is left of the current op without building it; returns its length.</summary>
    public int SkipCurrent()
    {
        var left = PeekLength;
        if (HasNext)
        {
            _index += 1;
            _offset = 0;
        }
        return left;
    }

    /// <summary>Moves <paramref name="n"/> positions forward across op bounds (stops at the end).</summary>
    public void Advance(long n)
    {
        while (n > 0 && HasNext)
        {
            var left = _ops[_index].Length - _offset;
            if (n >= left)
            {
                n -= left;
                _index += 1;
                _offset = 0;
            }
            else
            {
                _offset += (int)n;
                n = 0;
            }
        }
    }

    /// <summary>The rest: the remainder of the current op followed by the untouched ops (quill-delta's rest).</summary>
    public readonly ReadOnlySpan<DeltaOp> RestAfterCurrent => HasNext ? _ops.AsSpan(_index + 1) : [];
}
