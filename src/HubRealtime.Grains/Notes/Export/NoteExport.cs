using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Notes.Export;

/// <summary>A note document as a file: Markdown, sanitized HTML or plain text (never its authors).</summary>
public static class NoteExport
{
    public static string ToMarkdown(Delta document) => MarkdownExport.Render(document);

    /// <summary>
    /// A standalone document. <paramref name="title"/> defaults to the first line with text ("Note" when
    /// none); <paramref name="lang"/> to "und" (undetermined: a note has no language of its own).
    /// </summary>
    public static string ToHtml(Delta document, string? title = null, string? lang = null) => HtmlExport.Render(document, title, lang);

    public static string ToPlainText(Delta document) => PlainTextExport.Render(document);
}
