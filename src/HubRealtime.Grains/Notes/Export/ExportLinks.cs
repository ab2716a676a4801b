using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Notes.Export;

/// <summary>Links an export may carry: absolute http, https or mailto addresses, re-checked here whatever was stored.</summary>
internal static class ExportLinks
{
    private static readonly string[] Schemes = ["http", "https", "mailto"];

    /// <summary>
    /// The address to write when the link is safe to export, else null (the text is kept without it): as
    /// written when it is plain printable ASCII, else as <see cref="Uri"/> escapes it (spaces, non-ASCII).
    /// </summary>
    public static string? Safe(string? link)
    {
        // Controls and surrounding blanks are where browsers and Markdown readers disagree about the scheme.
        if (string.IsNullOrEmpty(link) || link.Length > NoteLimits.MaxAttributeValueLength
            || link.AsSpan().ContainsAnyInRange('\0', '\u001F') || link.Contains('\u007F', StringComparison.Ordinal)
            || char.IsWhiteSpace(link[0]) || char.IsWhiteSpace(link[^1]))
        {
            return null;
        }
        var colon = link.IndexOf(':', StringComparison.Ordinal);
        var written = colon > 0 ? link[..colon] : "";
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri)
            || Array.IndexOf(Schemes, uri.Scheme) < 0
            || !string.Equals(written, uri.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return link.All(c => c is > ' ' and < '\u007F') ? link : uri.AbsoluteUri;
    }
}
