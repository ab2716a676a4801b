namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// A piece of a <see cref="NoteDocument"/>: at most a few thousand UTF-16 units of text in one array
/// and the runs of attributes covering it. Every edit costs O(chunk length), whatever the note's size.
/// </summary>
internal sealed class NoteChunk
{
    private char[] _text;
    private readonly List<NoteRun> _runs = [];

    public NoteChunk(int capacity) => _text = new char[Math.Max(capacity, 16)];

    public int Length { get; private set; }

    /// <summary>Surrogate pairs lying wholly inside this chunk: the chunk holds Length - Pairs code points
    /// (one less when its first unit completes a pair begun at the end of the previous chunk).</summary>
    public int Pairs { get; private set; }

    public ReadOnlySpan<char> Text => _text.AsSpan(0, Length);

    public List<NoteRun> Runs => _runs;

    public bool StartsWithLowSurrogate => Length > 0 && char.IsLowSurrogate(_text[0]);

    public bool EndsWithHighSurrogate => Length > 0 && char.IsHighSurrogate(_text[Length - 1]);

    /// <summary>Appends at the end (building a document): no run search.</summary>
    public void Append(ReadOnlySpan<char> text, AttributeMap? attributes)
    {
        var at = Length;
        var pairBefore = PairAt(at);
        MakeRoom(at, text.Length);
        text.CopyTo(_text.AsSpan(at));
        Pairs += CountPairs(text) + PairAt(at) - pairBefore;
        if (_runs.Count > 0 && NoteRun.SameAttributes(_runs[^1].Attributes, attributes))
        {
            _runs[^1] = _runs[^1] with { Length = _runs[^1].Length + text.Length };
        }
        else
        {
            _runs.Add(new NoteRun(text.Length, attributes));
        }
    }

    public void Insert(int offset, ReadOnlySpan<char> text, AttributeMap? attributes)
    {
        if (offset == Length)
        {
            Append(text, attributes);
            return;
        }
        var pairBefore = PairAt(offset);
        MakeRoom(offset, text.Length);
        text.CopyTo(_text.AsSpan(offset));
        Pairs += CountPairs(text) + PairAt(offset) + PairAt(offset + text.Length) - pairBefore;
        InsertRun(offset, text.Length, attributes);
    }

    public void Delete(int offset, int count)
    {
        Pairs -= PairAt(offset) + CountPairs(_text.AsSpan(offset, count)) + PairAt(offset + count);
        Array.Copy(_text, offset + count, _text, offset, Length - offset - count);
        Length -= count;
        Pairs += PairAt(offset);
        RemoveRuns(offset, count);
    }

    /// <summary>A retain with attributes: composes them into every run of the range (null removes).</summary>
    public void Format(int offset, int count, AttributeMap attributes)
    {
        var first = SplitRunAt(offset);
        var end = SplitRunAt(offset + count);
        for (var i = first; i < end; i++)
        {
            var run = _runs[i];
            _runs[i] = run with { Attributes = NoteRun.Normalize(AttributeMap.Compose(run.Attributes, attributes, keepNull: false)) };
        }
        MergeRuns(Math.Max(first - 1, 0), Math.Min(end + 1, _runs.Count));
    }

    /// <summary>Moves the text from <paramref name="offset"/> on into a new chunk (returned); this one keeps the head.</summary>
    public NoteChunk SplitOff(int offset, int capacity)
    {
        var tail = new NoteChunk(Math.Max(capacity, Length - offset));
        var index = SplitRunAt(offset);
        tail._runs.AddRange(_runs.Skip(index));
        _runs.RemoveRange(index, _runs.Count - index);
        _text.AsSpan(offset, Length - offset).CopyTo(tail._text);
        tail.Length = Length - offset;
        Length = offset;
        tail.Pairs = CountPairs(tail.Text);
        Pairs = CountPairs(Text);
        return tail;
    }

    /// <summary>Takes all of <paramref name="next"/> (the chunk after this one) onto the end of this one.</summary>
    public void Absorb(NoteChunk next)
    {
        var at = Length;
        var pairAtSeam = at > 0 && next.Length > 0 && char.IsHighSurrogate(_text[at - 1]) && char.IsLowSurrogate(next._text[0]) ? 1 : 0;
        MakeRoom(at, next.Length);
        next.Text.CopyTo(_text.AsSpan(at));
        Pairs += next.Pairs + pairAtSeam;
        var count = _runs.Count;
        _runs.AddRange(next._runs);
        MergeRuns(Math.Max(count - 1, 0), Math.Min(count + 1, _runs.Count));
    }

    /// <summary>Gives back memory after a big insert was split into other chunks.</summary>
    public void TrimCapacity(int capacity)
    {
        if (_text.Length > 2 * Math.Max(capacity, Length))
        {
            Array.Resize(ref _text, Math.Max(capacity, Length));
        }
    }

    /// <summary>The offset of the <paramref name="index"/>-th code point starting in this chunk.</summary>
    /// <param name="continuesPair">The first unit completes a pair of the previous chunk (it starts no code point).</param>
    public int OffsetOfCodePoint(int index, bool continuesPair)
    {
        if (Pairs == 0 && !continuesPair)
        {
            return index;
        }
        var seen = 0;
        for (var i = continuesPair ? 1 : 0; i < Length; i++)
        {
            if (char.IsLowSurrogate(_text[i]) && i > 0 && char.IsHighSurrogate(_text[i - 1]))
            {
                continue;
            }
            if (seen == index)
            {
                return i;
            }
            seen++;
        }
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    public static int CountPairs(ReadOnlySpan<char> text)
    {
        var pairs = 0;
        var i = text.IndexOfAnyInRange('\uD800', '\uDBFF');
        if (i < 0)
        {
            return 0;
        }
        for (; i < text.Length - 1; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                pairs++;
                i++;
            }
        }
        return pairs;
    }

    // 1 when the units at offset-1 and offset form a surrogate pair.
    private int PairAt(int offset) =>
        offset > 0 && offset < Length && char.IsHighSurrogate(_text[offset - 1]) && char.IsLowSurrogate(_text[offset]) ? 1 : 0;

    private void MakeRoom(int offset, int count)
    {
        if (Length + count > _text.Length)
        {
            var grown = new char[Math.Max(Length + count, _text.Length * 2)];
            _text.AsSpan(0, offset).CopyTo(grown);
            _text.AsSpan(offset, Length - offset).CopyTo(grown.AsSpan(offset + count));
            _text = grown;
        }
        else
        {
            Array.Copy(_text, offset, _text, offset + count, Length - offset);
        }
        Length += count;
    }

    private void InsertRun(int offset, int count, AttributeMap? attributes)
    {
        // The run that holds offset, or ends at it (then the text may join it or the next one).
        var start = 0;
        var i = 0;
        while (start + _runs[i].Length < offset)
        {
            start += _runs[i].Length;
            i++;
        }
        var run = _runs[i];
        var inner = offset - start;
        if (NoteRun.SameAttributes(run.Attributes, attributes))
        {
            _runs[i] = run with { Length = run.Length + count };
        }
        else if (inner == 0)
        {
            _runs.Insert(i, new NoteRun(count, attributes));
        }
        else if (inner == run.Length)
        {
            if (i + 1 < _runs.Count && NoteRun.SameAttributes(_runs[i + 1].Attributes, attributes))
            {
                _runs[i + 1] = _runs[i + 1] with { Length = _runs[i + 1].Length + count };
            }
            else
            {
                _runs.Insert(i + 1, new NoteRun(count, attributes));
            }
        }
        else
        {
            _runs[i] = run with { Length = inner };
            _runs.Insert(i + 1, new NoteRun(count, attributes));
            _runs.Insert(i + 2, run with { Length = run.Length - inner });
        }
    }

    private void RemoveRuns(int offset, int count)
    {
        var first = SplitRunAt(offset);
        var removed = 0;
        var end = first;
        while (removed < count)
        {
            removed += _runs[end].Length;
            end++;
        }
        // The range ends on a run boundary only after splitting there too.
        if (removed > count)
        {
            var last = _runs[end - 1];
            _runs[end - 1] = last with { Length = removed - count };
            end--;
        }
        _runs.RemoveRange(first, end - first);
        MergeRuns(Math.Max(first - 1, 0), Math.Min(first + 1, _runs.Count));
    }

    /// <summary>Splits the run holding offset so that a run starts there; returns that run's index (Count at the end).</summary>
    private int SplitRunAt(int offset)
    {
        var start = 0;
        for (var i = 0; i < _runs.Count; i++)
        {
            var run = _runs[i];
            if (start == offset)
            {
                return i;
            }
            if (offset < start + run.Length)
            {
                _runs[i] = run with { Length = offset - start };
                _runs.Insert(i + 1, run with { Length = start + run.Length - offset });
                return i + 1;
            }
            start += run.Length;
        }
        return _runs.Count;
    }

    // Joins neighbours with equal attributes in [from, to) so that a chunk keeps the fewest runs.
    private void MergeRuns(int from, int to)
    {
        for (var i = Math.Min(to, _runs.Count) - 1; i > from; i--)
        {
            if (i < _runs.Count && NoteRun.SameAttributes(_runs[i - 1].Attributes, _runs[i].Attributes))
            {
                _runs[i - 1] = _runs[i - 1] with { Length = _runs[i - 1].Length + _runs[i].Length };
                _runs.RemoveAt(i);
            }
        }
    }
}
