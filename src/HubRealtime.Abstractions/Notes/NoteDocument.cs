using System.Text;

namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// A mutable rich-text note for big documents: the same content as a document <see cref="Delta"/>
/// (inserts only), held as a list of chunks of at most <see cref="MaxChunkLength"/> UTF-16 units so
/// that one small change anywhere costs O(chunks + chunk length), not O(document). <see cref="Apply"/>
/// has quill-delta's compose semantics; <see cref="ToDelta"/> gives the normalized document.
/// Not thread-safe: one writer (the note grain, or one editor).
/// </summary>
public sealed class NoteDocument
{
    /// <summary>Chunks grow up to this length, then split in pieces of about half of it.</summary>
    public const int MaxChunkLength = 2048;

    private readonly List<NoteChunk> _chunks = [];
    private readonly int _maxChunk;

    // The cursor of Apply: the chunk index and the document position where that chunk starts.
    private int _cursorChunk;
    private int _cursorStart;

    private NoteDocument(int maxChunk) => _maxChunk = maxChunk;

    /// <summary>The document length in UTF-16 units.</summary>
    public int Length { get; private set; }

    /// <summary>How many chunks hold the text (for tests and diagnostics).</summary>
    public int ChunkCount => _chunks.Count;

    /// <summary>The length of each chunk, in order (tests check the bounds).</summary>
    internal IEnumerable<int> ChunkLengths => _chunks.Select(chunk => chunk.Length);

    private int FillLength => _maxChunk * 3 / 4;

    private int MinChunkLength => _maxChunk / 4;

    public static NoteDocument From(Delta document) => From(document, MaxChunkLength);

    /// <summary>Tests use small chunks to cross chunk boundaries with short texts.</summary>
    internal static NoteDocument From(Delta document, int maxChunk)
    {
        ArgumentNullException.ThrowIfNull(document);
        // Pieces of a split are then at least 2 units long, so a pair kept whole never empties one.
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunk, 8);
        var note = new NoteDocument(maxChunk);
        foreach (var op in document.OpArray)
        {
            if (!op.IsInsert)
            {
                throw new ArgumentException("A document holds inserts only.", nameof(document));
            }
            note.AppendText(op.Insert!, NoteRun.Normalize(op.Attributes));
        }
        return note;
    }

    /// <summary>Composes <paramref name="change"/> into the document (quill-delta's <c>compose</c>).</summary>
    /// <exception cref="ArgumentException">The change retains or deletes past the end; nothing was changed.</exception>
    public void Apply(Delta change)
    {
        ArgumentNullException.ThrowIfNull(change);
        // Counted in long: retains near int.MaxValue must not wrap around and pass the check.
        long baseLength = 0;
        foreach (var op in change.OpArray)
        {
            if (!op.IsInsert)
            {
                baseLength += op.Length;
            }
        }
        if (baseLength > Length)
        {
            throw new ArgumentException($"The change retains or deletes {baseLength} characters, the document has {Length}.", nameof(change));
        }

        _cursorChunk = 0;
        _cursorStart = 0;
        var position = 0;
        foreach (var op in change.OpArray)
        {
            if (op.IsInsert)
            {
                InsertAt(position, op.Insert!, NoteRun.Normalize(op.Attributes));
                position += op.Insert!.Length;
            }
            else if (op.IsDelete)
            {
                DeleteAt(position, op.Delete);
            }
            else
            {
                if (op.Attributes is { Count: > 0 } attributes)
                {
                    FormatAt(position, op.Retain, attributes);
                }
                position += op.Retain;
            }
        }
    }

    /// <summary>The normalized document: adjacent texts with equal attributes are one insert.</summary>
    public Delta ToDelta() => Slice(0, Length);

    /// <summary>The part [start, start + length) as a normalized document delta.</summary>
    public Delta Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length - start);
        var builder = new DeltaBuilder();
        var text = new StringBuilder();
        AttributeMap? attributes = null;
        var end = start + length;
        var chunkStart = 0;
        foreach (var chunk in _chunks)
        {
            var chunkEnd = chunkStart + chunk.Length;
            if (chunkEnd > start && chunkStart < end)
            {
                var runStart = chunkStart;
                foreach (var run in chunk.Runs)
                {
                    var from = Math.Max(runStart, start);
                    var to = Math.Min(runStart + run.Length, end);
                    if (from < to)
                    {
                        // Runs of equal attributes across chunks join into one insert.
                        if (text.Length > 0 && !NoteRun.SameAttributes(attributes, run.Attributes))
                        {
                            builder.Insert(text.ToString(), attributes);
                            text.Clear();
                        }
                        attributes = run.Attributes;
                        text.Append(chunk.Text[(from - chunkStart)..(to - chunkStart)]);
                    }
                    runStart += run.Length;
                }
            }
            if (chunkEnd >= end)
            {
                break;
            }
            chunkStart = chunkEnd;
        }
        if (text.Length > 0)
        {
            builder.Insert(text.ToString(), attributes);
        }
        return builder.Build();
    }

    public string ToPlainText() => string.Create(Length, _chunks, static (span, chunks) =>
    {
        foreach (var chunk in chunks)
        {
            chunk.Text.CopyTo(span);
            span = span[chunk.Length..];
        }
    });

    /// <summary>
    /// The UTF-16 offset where code point number <paramref name="codePointIndex"/> starts (the length for
    /// the index just past the last one). A surrogate pair is one code point; a lone surrogate is one too.
    /// </summary>
    public int Utf16OffsetOfCodePoint(int codePointIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(codePointIndex);
        var seen = 0;
        var chunkStart = 0;
        var previousEndsHigh = false;
        foreach (var chunk in _chunks)
        {
            var continuesPair = previousEndsHigh && chunk.StartsWithLowSurrogate;
            var codePoints = chunk.Length - chunk.Pairs - (continuesPair ? 1 : 0);
            if (codePointIndex < seen + codePoints)
            {
                return chunkStart + chunk.OffsetOfCodePoint(codePointIndex - seen, continuesPair);
            }
            seen += codePoints;
            chunkStart += chunk.Length;
            previousEndsHigh = chunk.EndsWithHighSurrogate;
        }
        return codePointIndex == seen
            ? Length
            : throw new ArgumentOutOfRangeException(nameof(codePointIndex), $"The document has {seen} code points.");
    }

    private void AppendText(string text, AttributeMap? attributes)
    {
        var done = 0;
        while (done < text.Length)
        {
            if (_chunks.Count == 0 || _chunks[^1].Length >= FillLength)
            {
                _chunks.Add(new NoteChunk(_maxChunk));
            }
            var chunk = _chunks[^1];
            var take = Math.Min(FillLength - chunk.Length, text.Length - done);
            chunk.Append(text.AsSpan(done, take), attributes);
            done += take;
        }
        Length += text.Length;
    }

    // Moves the cursor forward to the chunk holding position (an insert may also go at a chunk's end).
    private NoteChunk Seek(int position, bool forInsert)
    {
        if (_cursorChunk >= _chunks.Count)
        {
            if (_chunks.Count == 0)
            {
                _chunks.Add(new NoteChunk(_maxChunk));
                _cursorChunk = 0;
                _cursorStart = 0;
                return _chunks[0];
            }
            _cursorChunk = _chunks.Count - 1;
            _cursorStart -= _chunks[_cursorChunk].Length;
        }
        while (_cursorChunk < _chunks.Count - 1
            && (forInsert ? position > _cursorStart + _chunks[_cursorChunk].Length : position >= _cursorStart + _chunks[_cursorChunk].Length))
        {
            _cursorStart += _chunks[_cursorChunk].Length;
            _cursorChunk++;
        }
        return _chunks[_cursorChunk];
    }

    private void InsertAt(int position, string text, AttributeMap? attributes)
    {
        var chunk = Seek(position, forInsert: true);
        chunk.Insert(position - _cursorStart, text, attributes);
        Length += text.Length;
        if (chunk.Length > _maxChunk)
        {
            SplitLarge(_cursorChunk);
        }
    }

    // Cuts an overgrown chunk from its end into pieces of about FillLength, keeping surrogate pairs whole.
    private void SplitLarge(int index)
    {
        var chunk = _chunks[index];
        var length = chunk.Length;
        var pieces = (length + FillLength - 1) / FillLength;
        var tails = new List<NoteChunk>(pieces - 1);
        for (var piece = pieces - 1; piece > 0; piece--)
        {
            // Even cuts: every piece gets at most ceil(length / pieces) <= FillLength units (+1 for a pair).
            var at = (int)((long)piece * length / pieces);
            var text = chunk.Text;
            if (char.IsLowSurrogate(text[at]) && char.IsHighSurrogate(text[at - 1]))
            {
                at--;
            }
            tails.Add(chunk.SplitOff(at, _maxChunk));
        }
        tails.Reverse();
        chunk.TrimCapacity(_maxChunk);
        _chunks.InsertRange(index + 1, tails);
    }

    private void DeleteAt(int position, int count)
    {
        while (count > 0)
        {
            var chunk = Seek(position, forInsert: false);
            var offset = position - _cursorStart;
            var take = Math.Min(count, chunk.Length - offset);
            if (take == chunk.Length)
            {
                _chunks.RemoveAt(_cursorChunk);
            }
            else
            {
                chunk.Delete(offset, take);
            }
            Length -= take;
            count -= take;
        }
        // A delete may leave small chunks on both sides of where it happened.
        MergeIfSmall(_cursorChunk);
        MergeIfSmall(_cursorChunk - 1);
    }

    private void FormatAt(int position, int count, AttributeMap attributes)
    {
        while (count > 0)
        {
            var chunk = Seek(position, forInsert: false);
            var offset = position - _cursorStart;
            var take = Math.Min(count, chunk.Length - offset);
            chunk.Format(offset, take, attributes);
            position += take;
            count -= take;
        }
    }

    // Joins chunks index and index + 1 when one of them is small and both fit in one.
    private void MergeIfSmall(int index)
    {
        if (index < 0 || index + 1 >= _chunks.Count)
        {
            return;
        }
        var left = _chunks[index];
        var right = _chunks[index + 1];
        if ((left.Length >= MinChunkLength && right.Length >= MinChunkLength) || left.Length + right.Length > _maxChunk)
        {
            return;
        }
        left.Absorb(right);
        _chunks.RemoveAt(index + 1);
        if (_cursorChunk == index + 1)
        {
            _cursorChunk = index;
            _cursorStart -= left.Length - right.Length;
        }
        else if (_cursorChunk > index + 1)
        {
            _cursorChunk--;
        }
    }
}
