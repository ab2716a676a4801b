using CsCheck;
using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Tests.Notes;

/// <summary>
/// CsCheck generators of normalized documents and of changes that fit a document (base length at most
/// the document's length, as the note grain accepts them). Text mixes ASCII, Arabic, CJK, emoji and
/// newlines; cuts may fall anywhere in UTF-16, emoji included, as the algebra must hold there too.
/// </summary>
internal static class DeltaGen
{
    private static readonly string[] CodePoints =
        ["a", "b", "c", " ", "\n", "م", "ر", "ح", "你", "好", "😀", "👍", "🏽"];

    private static readonly AttributeMap?[] DocumentAttributes =
    [
        null, null, null,
        AttributeMap.Of(("bold", "true")),
        AttributeMap.Of(("italic", "true")),
        AttributeMap.Of(("bold", "true"), ("italic", "true")),
        AttributeMap.Of(("header", "2")),
        AttributeMap.Of(("link", "\"https://example.com\""), ("color", "\"#e60000\"")),
        AttributeMap.Of(("list", "\"bullet\"")),
    ];

    private static readonly AttributeMap?[] ChangeAttributes =
    [
        .. DocumentAttributes,
        AttributeMap.Of(("bold", null)),
        AttributeMap.Of(("bold", null), ("italic", "true")),
        AttributeMap.Of(("header", null), ("list", "\"ordered\"")),
        AttributeMap.Of(("link", null), ("color", "\"#0066cc\"")),
    ];

    public static readonly Gen<string> Text = Gen.OneOf(CodePoints).Array[1, 5].Select(string.Concat);

    public static readonly Gen<Delta> Document =
        Gen.Select(Text, Gen.OneOf(DocumentAttributes)).Array[0, 6].Select(parts =>
        {
            var builder = new DeltaBuilder();
            foreach (var (text, attributes) in parts)
            {
                builder.Insert(text, attributes);
            }
            return builder.Build();
        });

    /// <summary>A change whose retains and deletes stay within a document of <paramref name="length"/>.</summary>
    public static Gen<Delta> ChangeOver(int length) =>
        Gen.Select(Gen.Int[0, 2], Gen.Int[1, 6], Text, Gen.OneOf(ChangeAttributes)).Array[0, 7].Select(steps =>
        {
            var builder = new DeltaBuilder();
            var at = 0;
            foreach (var (kind, n, text, attributes) in steps)
            {
                var count = Math.Min(n, length - at);
                if (kind == 0 || count == 0)
                {
                    builder.Insert(text, attributes);
                }
                else if (kind == 1)
                {
                    builder.Delete(count);
                    at += count;
                }
                else
                {
                    builder.Retain(count, n % 2 == 0 ? attributes : null);
                    at += count;
                }
            }
            return builder.Chop().Build();
        });

    public static Gen<(Delta Doc, Delta Change)> DocumentAndChange =>
        Document.SelectMany(doc => ChangeOver(doc.Length()), (doc, change) => (doc, change));

    public static Gen<(Delta Doc, Delta A, Delta B)> DocumentAndTwoConcurrentChanges =>
        Document.SelectMany(doc => Gen.Select(ChangeOver(doc.Length()), ChangeOver(doc.Length())), (doc, ab) => (doc, ab.Item1, ab.Item2));

    public static Gen<(Delta Doc, Delta A, Delta B, Delta C)> DocumentAndThreeChangesInARow =>
        DocumentAndChange
            .SelectMany(t => ChangeOver(t.Doc.Compose(t.Change).Length()), (t, b) => (t.Doc, A: t.Change, B: b))
            .SelectMany(t => ChangeOver(t.Doc.Compose(t.A).Compose(t.B).Length()), (t, c) => (t.Doc, t.A, t.B, c));
}
