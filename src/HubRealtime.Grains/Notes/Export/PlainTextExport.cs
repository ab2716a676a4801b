using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Notes.Export;

/// <summary>The note's text as it is: every line with its "\n", no formats, no authors.</summary>
internal static class PlainTextExport
{
    public static string Render(Delta document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return string.Concat(NoteLines.Of(document).Select(line => line.Text + "\n"));
    }
}
