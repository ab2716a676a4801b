using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Notes.Export;

/// <summary>
/// A small standalone HTML document built by construction from a whitelist: every text and attribute
/// value HTML-encoded, links only http/https/mailto, alignment as a class name and direction as
/// <c>dir</c> (no <c>style</c>). The body then goes through <see cref="ExportSanitizer"/> as a second line of
/// defence; the document shell around it is fixed text plus the encoded title.
/// </summary>
internal static partial class HtmlExport
{
    private const int MaxTitleLength = 120;

    public static string Render(Delta document, string? title = null, string? lang = null)
    {
        var lines = NoteLines.Of(document);
        var body = new StringBuilder();
        for (var i = 0; i < lines.Count;)
        {
            var kind = lines[i].Kind;
            var end = i + 1;
            if (kind is not (LineKind.Paragraph or LineKind.Header))
            {
                while (end < lines.Count && lines[end].Kind == kind)
                {
                    end++;
                }
            }
            Block(body, kind, lines.Skip(i).Take(end - i).ToList());
            i = end;
        }
        var safeBody = ExportSanitizer.Sanitize(body.ToString());
        var heading = title ?? lines.Select(l => l.Text.Trim()).FirstOrDefault(t => t.Length > 0) ?? "Note";
        if (heading.Length > MaxTitleLength)
        {
            heading = heading[..MaxTitleLength];
            // Never cut a surrogate pair in half.
            heading = char.IsHighSurrogate(heading[^1]) ? heading[..^1] : heading;
        }
        var language = lang is not null && LanguageTag().IsMatch(lang) ? lang : "und";
        return "<!doctype html>\n<html lang=\"" + language + "\">\n<meta charset=\"utf-8\">\n<title>" + WebUtility.HtmlEncode(heading) + "</title>\n<body>\n"
            + safeBody + "</body>\n</html>\n";
    }

    private static void Block(StringBuilder body, LineKind kind, List<ExportLine> group)
    {
        switch (kind)
        {
            case LineKind.Code:
                body.Append("<pre><code>").Append(Encode(string.Join("\n", group.Select(l => l.Text)))).Append("</code></pre>\n");
                break;
            case LineKind.BulletItem or LineKind.OrderedItem:
                var list = kind == LineKind.BulletItem ? "ul" : "ol";
                body.Append('<').Append(list).Append(">\n");
                foreach (var line in group)
                {
                    Element(body, "li", line);
                }
                body.Append("</").Append(list).Append(">\n");
                break;
            case LineKind.Quote:
                body.Append("<blockquote>\n");
                foreach (var line in group)
                {
                    Element(body, "p", line);
                }
                body.Append("</blockquote>\n");
                break;
            case LineKind.Header:
                Element(body, "h" + (char)('0' + group[0].HeaderLevel), group[0]);
                break;
            default:
                Element(body, "p", group[0]);
                break;
        }
    }

    /// <summary>One line as an element: its alignment and direction as attributes, its runs inside.</summary>
    private static void Element(StringBuilder body, string tag, ExportLine line)
    {
        body.Append('<').Append(tag);
        if (line.Rtl)
        {
            body.Append(" dir=\"rtl\"");
        }
        if (line.Align is { } align)
        {
            body.Append(" class=\"align-").Append(align).Append('"');
        }
        body.Append('>');
        foreach (var run in line.Runs)
        {
            Run(body, run);
        }
        body.Append("</").Append(tag).Append(">\n");
    }

    private static void Run(StringBuilder body, ExportRun run)
    {
        var marks = run.Marks;
        var tags = new List<string>(5);
        if (marks.Link is { } link)
        {
            body.Append("<a href=\"").Append(Encode(link)).Append("\" rel=\"noopener noreferrer\">");
            tags.Add("a");
        }
        foreach (var (on, tag) in (ReadOnlySpan<(bool, string)>)[(marks.Bold, "strong"), (marks.Italic, "em"), (marks.Underline, "u"), (marks.Strike, "s"), (marks.Code, "code")])
        {
            if (on)
            {
                body.Append('<').Append(tag).Append('>');
                tags.Add(tag);
            }
        }
        body.Append(Encode(run.Text));
        for (var k = tags.Count - 1; k >= 0; k--)
        {
            body.Append("</").Append(tags[k]).Append('>');
        }
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();
}
