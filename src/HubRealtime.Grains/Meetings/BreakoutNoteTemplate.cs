using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Grains.Notes;

namespace HubRealtime.Grains.Meetings;

/// <summary>
/// The text every breakout's note starts from when a round opens (the questions to discuss): plain
/// text whose lines become the note's paragraphs.
/// </summary>
internal static class BreakoutNoteTemplate
{
    public const int MaxLength = 4_000;

    /// <summary>The template with its line breaks as \n and no trailing blank lines, null when there is none; or invalid_argument.</summary>
    public static string? Normalize(string? value)
    {
        var text = value?.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (text.Length > MaxLength || text.Any(c => char.IsControl(c) && c != '\n'))
        {
            throw HubRealtimeException.Invalid($"A note template is at most {MaxLength} characters, without control characters but line breaks.");
        }
        NoteTextRules.Check(text, 0);
        return text;
    }

    /// <summary>The note document of a normalized template: Quill ends every paragraph, the last one too, with \n.</summary>
    public static Delta Document(string template) => new DeltaBuilder().Insert(template + "\n").Build();
}
