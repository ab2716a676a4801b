using System.Text;
using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Tests.Notes;

/// <summary>Seeded random changes over a document of a given length: retains (some formatting), deletes, inserts.</summary>
internal static class RandomChanges
{
    private static readonly string[] Pieces = ["a", "b", "c", " ", "\n", "é", "😀", "\uD83D", "\uDE00", "hello", "wörld"];

    private static readonly AttributeMap?[] InsertAttributes =
    [
        null, null, null,
        AttributeMap.Of(("bold", "true")),
        AttributeMap.Of(("italic", "true")),
        AttributeMap.Of(("bold", "true"), ("italic", "true")),
        AttributeMap.Of(("header", "2")),
        AttributeMap.Of(("author", "\"u1\"")),
        AttributeMap.Of(("author", "\"u2\""), ("link", "\"https://example.com\"")),
    ];

    private static readonly AttributeMap[] RetainAttributes =
    [
        AttributeMap.Of(("bold", "true")),
        AttributeMap.Of(("bold", null)),
        AttributeMap.Of(("bold", null), ("italic", "true")),
        AttributeMap.Of(("italic", null), ("header", "1")),
        AttributeMap.Of(("author", "\"u3\"")),
        AttributeMap.Of(("author", null), ("link", null)),
    ];

    public static Delta Change(Random random, int documentLength, int maxLength)
    {
        var builder = new DeltaBuilder();
        var remaining = documentLength;
        var ops = random.Next(1, 5);
        for (var i = 0; i < ops; i++)
        {
            var kind = random.Next(10);
            if (kind < 4 && remaining > 0)
            {
                var n = 1 + random.Next(Math.Min(remaining, 40));
                builder.Retain(n, random.Next(3) == 0 ? RetainAttributes[random.Next(RetainAttributes.Length)] : null);
                remaining -= n;
            }
            else if (kind < 7 && remaining > 0)
            {
                // Long documents shrink more: the length stays around maxLength.
                var most = documentLength > maxLength ? Math.Min(remaining, maxLength / 4) : Math.Min(remaining, 12);
                var n = 1 + random.Next(most);
                builder.Delete(n);
                remaining -= n;
            }
            else
            {
                builder.Insert(Text(random), InsertAttributes[random.Next(InsertAttributes.Length)]);
            }
        }
        return builder.Build();
    }

    private static string Text(Random random)
    {
        var text = new StringBuilder();
        // Now and then a long paste, so chunks split.
        var pieces = random.Next(20) == 0 ? 100 + random.Next(400) : 1 + random.Next(4);
        for (var i = 0; i < pieces; i++)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }
        return text.ToString();
    }
}
