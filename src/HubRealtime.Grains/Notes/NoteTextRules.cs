using System.Buffers;
using HubRealtime.Abstractions.Errors;

namespace HubRealtime.Grains.Notes;

/// <summary>What inserted note text may hold: no control characters but line feed and tab, well-formed UTF-16.</summary>
internal static class NoteTextRules
{
    // C0 controls except \t and \n; \r is refused too, so that every line break is one \n, as in Quill.
    private static readonly SearchValues<char> Forbidden = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not '\t' and not '\n').Select(c => (char)c)]);

    public static void Check(string text, int opIndex)
    {
        var span = text.AsSpan();
        var bad = span.IndexOfAny(Forbidden);
        if (bad >= 0)
        {
            throw HubRealtimeException.Invalid(span[bad] == '\r'
                ? $"op {opIndex}: the text holds a carriage return (\\r); line breaks are \\n only."
                : $"op {opIndex}: the text holds the control character U+{(int)span[bad]:X4}.");
        }
        var i = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (i >= 0)
        {
            if (!char.IsHighSurrogate(span[i]) || i + 1 == span.Length || !char.IsLowSurrogate(span[i + 1]))
            {
                throw HubRealtimeException.Invalid($"op {opIndex}: the text holds a lone surrogate at {i} (not well-formed UTF-16).");
            }
            var next = span[(i + 2)..].IndexOfAnyInRange('\uD800', '\uDFFF');
            i = next < 0 ? -1 : i + 2 + next;
        }
    }
}
