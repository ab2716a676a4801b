using CsCheck;
using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Tests.Notes;

/// <summary>The algebra the note grain relies on, over random documents and changes (CsCheck shrinks a failure).</summary>
public sealed class DeltaPropertyTests
{
    private const long Iterations = 10_000;

    [Fact]
    public void Concurrent_changes_converge_whichever_is_applied_first() =>
        DeltaGen.DocumentAndTwoConcurrentChanges.Sample(t =>
        {
            var aFirst = t.Doc.Compose(t.A).Compose(t.A.Transform(t.B, priority: true));
            var bFirst = t.Doc.Compose(t.B).Compose(t.B.Transform(t.A, priority: false));
            Assert.Equal(aFirst, bFirst);
        }, iter: Iterations, print: Print);

    [Fact]
    public void A_transformed_change_fits_the_document_it_applies_to() =>
        DeltaGen.DocumentAndTwoConcurrentChanges.Sample(t =>
        {
            foreach (var priority in (ReadOnlySpan<bool>)[true, false])
            {
                Assert.True(t.A.Transform(t.B, priority).BaseLength() <= t.Doc.Compose(t.A).Length());
            }
        }, iter: Iterations, print: Print);

    [Fact]
    public void Compose_is_associative() =>
        DeltaGen.DocumentAndThreeChangesInARow.Sample(t =>
        {
            Assert.Equal(t.Doc.Compose(t.A).Compose(t.B), t.Doc.Compose(t.A.Compose(t.B)));
            Assert.Equal(t.A.Compose(t.B).Compose(t.C), t.A.Compose(t.B.Compose(t.C)));
            Assert.Equal(t.Doc.Compose(t.A).Compose(t.B).Compose(t.C), t.Doc.Compose(t.A.Compose(t.B).Compose(t.C)));
        }, iter: Iterations, print: Print);

    [Fact]
    public void Composing_a_document_stays_a_document() =>
        DeltaGen.DocumentAndChange.Sample(t =>
        {
            var after = t.Doc.Compose(t.Change);
            Assert.True(after.IsDocument);
            Assert.Equal(t.Doc.Length() + t.Change.ChangeLength(), after.Length());
        }, iter: Iterations, print: Print);

    [Fact]
    public void Invert_undoes_a_change() =>
        DeltaGen.DocumentAndChange.Sample(t =>
        {
            var inverse = t.Change.Invert(t.Doc);
            Assert.Equal(t.Doc, t.Doc.Compose(t.Change).Compose(inverse));
        }, iter: Iterations, print: Print);

    [Fact]
    public void TransformPosition_agrees_with_transforming_an_insert_at_that_position() =>
        DeltaGen.DocumentAndChange
            .SelectMany(t => Gen.Select(Gen.Int[0, t.Doc.Length()], Gen.Bool, DeltaGen.Text), (t, r) => (t.Doc, t.Change, Index: r.Item1, Priority: r.Item2, Text: r.Item3))
            .Sample(t =>
            {
                var insert = new DeltaBuilder().Retain(t.Index).Insert(t.Text).Build();

                var transformed = t.Change.Transform(insert, t.Priority);

                // With priority the change's own insert at the index comes first, so the position moves past it.
                var expected = new DeltaBuilder().Retain(t.Change.TransformPosition(t.Index, !t.Priority)).Insert(t.Text).Build();
                Assert.Equal(expected, transformed);
            }, iter: Iterations, print: t => $"{t}");

    private static string Print<T>(T value) => $"{value}";
}
