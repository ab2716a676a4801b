using AngleSharp.Css.Dom;
using Ganss.Xss;

namespace HubRealtime.Grains.Notes.Export;

/// <summary>
/// HtmlSanitizer allowing exactly what <see cref="HtmlExport"/> writes: the export is built from this
/// whitelist already, so anything the sanitizer would remove is a bug there, never note content.
/// </summary>
internal static class ExportSanitizer
{
    public static readonly IReadOnlySet<string> Tags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "h1", "h2", "h3", "p", "ul", "ol", "li", "blockquote", "pre", "code", "strong", "em", "u", "s", "a",
    };

    public static readonly IReadOnlySet<string> Attributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "rel", "dir", "class" };

    public static readonly IReadOnlySet<string> Classes = new HashSet<string>(StringComparer.Ordinal) { "align-center", "align-right", "align-justify" };

    // One shared instance: HtmlSanitizer documents Sanitize as thread-safe once configured, and nothing sets it later.
    private static readonly HtmlSanitizer Sanitizer = new(new HtmlSanitizerOptions
    {
        AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
        AllowedAttributes = new HashSet<string>(Attributes, StringComparer.OrdinalIgnoreCase),
        AllowedClasses = new HashSet<string>(Classes, StringComparer.Ordinal),
        AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        AllowedAtRules = new HashSet<CssRuleType>(),
        AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
        UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
    })
    {
        AllowDataAttributes = false,
    };

    public static string Sanitize(string html) => Sanitizer.Sanitize(html);
}
