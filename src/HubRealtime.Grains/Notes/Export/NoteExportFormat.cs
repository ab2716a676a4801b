using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Notes.Export;

/// <summary>An export format: its name in the API and the audit log, its media type and file extension.</summary>
public sealed class NoteExportFormat
{
    public static readonly NoteExportFormat Markdown = new("markdown", "text/markdown; charset=utf-8", "md", NoteExport.ToMarkdown);
    public static readonly NoteExportFormat Html = new("html", "text/html; charset=utf-8", "html", d => NoteExport.ToHtml(d));
    public static readonly NoteExportFormat Text = new("text", "text/plain; charset=utf-8", "txt", NoteExport.ToPlainText);

    private static readonly NoteExportFormat[] All = [Markdown, Html, Text];

    private readonly Func<Delta, string> _render;

    private NoteExportFormat(string name, string contentType, string extension, Func<Delta, string> render)
    {
        Name = name;
        ContentType = contentType;
        Extension = extension;
        _render = render;
    }

    public string Name { get; }

    public string ContentType { get; }

    public string Extension { get; }

    public string Render(Delta document) => _render(document);

    /// <summary>The format named <paramref name="name"/> (markdown, html or text), or invalid_argument.</summary>
    public static NoteExportFormat Parse(string? name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
        ?? throw HubRealtimeException.Invalid("format is markdown, html or text.");
}
