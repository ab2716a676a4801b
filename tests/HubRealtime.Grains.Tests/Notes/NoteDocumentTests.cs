using System.Text;
using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Tests.Notes;

/// <summary>
/// NoteDocument against the reference: the same changes composed onto a plain Delta (quill-delta's
/// compose) must give the same normalized document after every step.
/// </summary>
public sealed class NoteDocumentTests
{
    private static readonly AttributeMap Bold = AttributeMap.Of(("bold", "true"));

    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 16)]
    [InlineData(3, 64)]
    [InlineData(4, NoteDocument.MaxChunkLength)]
    public void Random_changes_give_the_same_document_as_composing_deltas(int seed, int maxChunk)
    {
        var random = new Random(seed);
        var reference = Delta.Empty;
        var document = NoteDocument.From(reference, maxChunk);
        var maxLength = maxChunk == NoteDocument.MaxChunkLength ? 12_000 : 600;
        var mostChunks = 0;
        for (var step = 0; step < 3_000; step++)
        {
            var change = RandomChanges.Change(random, reference.Length(), maxLength);
            reference = reference.Compose(change);
            document.Apply(change);

            Assert.Equal(reference.Length(), document.Length);
            var actual = document.ToDelta();
            if (!reference.Equals(actual))
            {
                Assert.Fail($"step {step}, change {Show(change)}:\nexpected {Show(reference)}\nactual   {Show(actual)}");
            }
            Assert.All(document.ChunkLengths, length => Assert.InRange(length, 1, maxChunk));
            mostChunks = Math.Max(mostChunks, document.ChunkCount);
            if (step % 10 == 0)
            {
                var text = reference.ToPlainText();
                Assert.Equal(text, document.ToPlainText());
                var start = random.Next(text.Length + 1);
                var length = random.Next(text.Length - start + 1);
                Assert.Equal(reference.Slice(start, start + length), document.Slice(start, length));
                AssertCodePointOffsets(text, document);
            }
        }
        // The run crossed chunk boundaries, not just edited one chunk.
        Assert.True(mostChunks >= 4, $"at most {mostChunks} chunks");
    }

    [Fact]
    public void A_document_is_read_back_normalized()
    {
        var source = new Delta([DeltaOp.InsertOf("ab", Bold), DeltaOp.InsertOf("cd", Bold), DeltaOp.InsertOf("e")]);
        var document = NoteDocument.From(source, 8);

        Assert.Equal(new DeltaBuilder().Insert("abcd", Bold).Insert("e").Build(), document.ToDelta());
        Assert.Equal("abcde", document.ToPlainText());
        Assert.Equal(5, document.Length);
    }

    [Fact]
    public void A_change_is_not_a_document()
    {
        Assert.Throws<ArgumentException>(() => NoteDocument.From(new DeltaBuilder().Retain(1).Build()));
    }

    [Fact]
    public void Edits_at_every_chunk_boundary_match_compose()
    {
        // 8-unit chunks are filled to 6 units: boundaries at 6, 12, 18, ...
        var text = string.Concat(Enumerable.Range(0, 40).Select(i => (char)('a' + (i % 26))));
        var initial = new DeltaBuilder().Insert(text).Build();
        for (var at = 0; at <= text.Length; at++)
        {
            foreach (var change in new[]
            {
                new DeltaBuilder().Retain(at).Insert("XY", Bold).Build(),
                new DeltaBuilder().Retain(at).Delete(Math.Min(7, text.Length - at)).Build(),
                new DeltaBuilder().Retain(at).Retain(Math.Min(9, text.Length - at), Bold).Build(),
            })
            {
                var document = NoteDocument.From(initial, 8);
                Assert.True(document.ChunkCount > 1);
                document.Apply(change);
                Assert.Equal(initial.Compose(change), document.ToDelta());
            }
        }
    }

    [Fact]
    public void A_big_insert_is_split_into_chunks()
    {
        var document = NoteDocument.From(new DeltaBuilder().Insert("start end").Build());
        document.Apply(new DeltaBuilder().Retain(6).Insert(new string('x', 50_000), Bold).Build());

        Assert.Equal(50_009, document.Length);
        Assert.True(document.ChunkCount >= 50_000 / NoteDocument.MaxChunkLength, $"{document.ChunkCount} chunks");
        Assert.All(document.ChunkLengths, length => Assert.InRange(length, 1, NoteDocument.MaxChunkLength));
        Assert.Equal(new DeltaBuilder().Insert("start ").Insert(new string('x', 50_000), Bold).Insert("end").Build(), document.ToDelta());
    }

    [Fact]
    public void Deleting_everything_leaves_an_empty_document_that_takes_inserts()
    {
        var document = NoteDocument.From(new DeltaBuilder().Insert(new string('a', 5_000)).Build());
        document.Apply(new DeltaBuilder().Delete(5_000).Build());
        Assert.Equal(0, document.Length);
        Assert.Equal(Delta.Empty, document.ToDelta());
        Assert.Equal(0, document.ChunkCount);

        document.Apply(new DeltaBuilder().Insert("again").Build());
        Assert.Equal("again", document.ToPlainText());
    }

    [Fact]
    public void Code_points_count_surrogate_pairs_once()
    {
        var document = NoteDocument.From(new DeltaBuilder().Insert("a😀b").Build());
        Assert.Equal(new[] { 0, 1, 3, 4 }, Enumerable.Range(0, 4).Select(document.Utf16OffsetOfCodePoint));
        Assert.Throws<ArgumentOutOfRangeException>(() => document.Utf16OffsetOfCodePoint(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => document.Utf16OffsetOfCodePoint(-1));
    }

    [Fact]
    public void A_surrogate_pair_across_a_chunk_boundary_is_one_code_point()
    {
        // Chunks of 8 are filled to 6 units: the pair's high half ends the first chunk, its low half starts the second.
        var document = NoteDocument.From(new DeltaBuilder().Insert("abcde😀fg").Build(), 8);
        Assert.Equal(2, document.ChunkCount);
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 7, 8, 9 }, Enumerable.Range(0, 9).Select(document.Utf16OffsetOfCodePoint));

        // Splitting the pair by deleting its high half leaves a lone low surrogate: a code point of its own.
        document.Apply(new DeltaBuilder().Retain(5).Delete(1).Build());
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 }, Enumerable.Range(0, 9).Select(document.Utf16OffsetOfCodePoint));
    }

    [Fact]
    public void Pairs_made_and_broken_by_edits_are_counted()
    {
        var document = NoteDocument.From(new DeltaBuilder().Insert("x\uD83Dy\uDE00z").Build(), 8);
        Assert.Equal(5, CodePoints(document)); // two lone halves

        document.Apply(new DeltaBuilder().Retain(2).Delete(1).Build()); // x😀z: the halves meet
        Assert.Equal(3, CodePoints(document));
        Assert.Equal(new[] { 0, 1, 3, 4 }, Enumerable.Range(0, 4).Select(document.Utf16OffsetOfCodePoint));
        document.Apply(new DeltaBuilder().Retain(2).Insert("q").Build()); // parted again
        Assert.Equal(5, CodePoints(document));
    }

    [Theory]
    [InlineData(12, 0)]
    [InlineData(0, 12)]
    [InlineData(5, 7)]
    public void A_change_past_the_end_is_refused_and_changes_nothing(int retain, int delete)
    {
        var initial = new DeltaBuilder().Insert("hello", Bold).Insert(" world").Build();
        var document = NoteDocument.From(initial, 8);
        var change = new DeltaBuilder().Insert("lost").Retain(retain, Bold).Delete(delete).Build();

        Assert.Throws<ArgumentException>(() => document.Apply(change));

        Assert.Equal(initial, document.ToDelta());
        Assert.Equal(11, document.Length);
    }

    [Fact]
    public void A_slice_is_normalized_across_chunks()
    {
        var document = NoteDocument.From(new DeltaBuilder().Insert("aaaaaaaaaa", Bold).Insert("bbbbbbbbbb").Build(), 8);
        Assert.Equal(new DeltaBuilder().Insert("aaaaaaa", Bold).Insert("bb").Build(), document.Slice(3, 9));
        Assert.Equal(Delta.Empty, document.Slice(20, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => document.Slice(15, 6));
    }

    // Delta.ToString refuses lone surrogates (JSON cannot carry them): escape every unit that is not ASCII.
    private static string Show(Delta delta) => string.Join(" ", delta.Ops.Select(op =>
        op.IsInsert ? $"insert '{string.Concat(op.Insert!.Select(c => c < 128 ? c.ToString() : $"\\u{(int)c:X4}"))}' {op.Attributes}"
        : op.IsRetain ? $"retain {op.Retain} {op.Attributes}"
        : $"delete {op.Delete}"));

    private static int CodePoints(NoteDocument document)
    {
        var count = 0;
        while (document.Utf16OffsetOfCodePoint(count) < document.Length)
        {
            count++;
        }
        return count;
    }

    // The offsets computed on the plain text: a unit starts a code point unless it is the low half of a pair.
    private static void AssertCodePointOffsets(string text, NoteDocument document)
    {
        var starts = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (!(i > 0 && char.IsLowSurrogate(text[i]) && char.IsHighSurrogate(text[i - 1])))
            {
                starts.Add(i);
            }
        }
        starts.Add(text.Length);
        for (var k = 0; k < starts.Count; k++)
        {
            Assert.Equal(starts[k], document.Utf16OffsetOfCodePoint(k));
        }
    }
}
