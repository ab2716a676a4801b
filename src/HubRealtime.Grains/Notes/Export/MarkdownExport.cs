using System.Globalization;
using System.Text;
using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Notes.Export;

/// <summary>
/// CommonMark (with GFM strikethrough) that renders as the note: one block per line, separated by blank
/// lines (a Markdown paragraph would join two lines); consecutive list items one list, consecutive quote
/// lines one quote, consecutive code lines one fence. Text is escaped so it never turns into syntax.
/// Underline, alignment and direction have no Markdown: their text is kept. Empty lines outside code are
/// dropped (blank lines separate blocks already).
/// </summary>
internal static class MarkdownExport
{
    public static string Render(Delta document)
    {
        var lines = NoteLines.Of(document);
        var blocks = new List<string>();
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
            var group = lines.Skip(i).Take(end - i).ToList();
            i = end;
            var block = kind switch
            {
                LineKind.Code => Fence(group),
                LineKind.BulletItem => string.Join("\n", group.Select(l => "- " + Inline(l))),
                LineKind.OrderedItem => string.Join("\n", group.Select((l, n) => (n + 1).ToString(CultureInfo.InvariantCulture) + ". " + Inline(l))),
                // A line of its own inside the quote: an empty quote line between them keeps them apart.
                LineKind.Quote => string.Join("\n>\n", group.Select(l => ("> " + Inline(l)).TrimEnd())),
                LineKind.Header => new string('#', group[0].HeaderLevel) + " " + Inline(group[0]),
                _ => Inline(group[0]),
            };
            if (kind == LineKind.Code || block.Trim().Length > 0)
            {
                blocks.Add(block.TrimEnd(' '));
            }
        }
        return blocks.Count == 0 ? "" : string.Join("\n\n", blocks) + "\n";
    }

    /// <summary>A fence longer than any run of backticks in the code, so the code cannot close it.</summary>
    private static string Fence(List<ExportLine> lines)
    {
        var code = string.Join("\n", lines.Select(l => l.Text));
        var fence = new string('`', Math.Max(3, LongestRun(code, '`') + 1));
        return fence + "\n" + (lines.Count == 1 && code.Length == 0 ? "" : code + "\n") + fence;
    }

    /// <summary>
    /// The line's runs with their delimiters. Marks are opened and closed as a stack (link outermost, code
    /// innermost), so a format that continues over several runs is written once; delimiters never touch
    /// whitespace on their inner side, where CommonMark would not read them as delimiters.
    /// </summary>
    private static string Inline(ExportLine line)
    {
        var output = new StringBuilder();
        var open = new List<Mark>();
        var pendingSpace = "";
        var inHeader = line.Kind == LineKind.Header;
        foreach (var run in line.Runs)
        {
            var wanted = MarksOf(run.Marks);
            var code = run.Marks.Code;
            var blank = !code && run.Text.Trim().Length == 0;
            if (blank)
            {
                // Whitespace opens nothing: it stays inside the marks already open that it shares.
                wanted = [.. open.TakeWhile(wanted.Contains)];
            }
            var keep = 0;
            while (keep < open.Count && keep < wanted.Count && open[keep] == wanted[keep])
            {
                keep++;
            }
            for (var k = open.Count - 1; k >= keep; k--)
            {
                output.Append(open[k].Close);
            }
            open.RemoveRange(keep, open.Count - keep);
            if (blank)
            {
                pendingSpace += run.Text;
                continue;
            }
            var text = code ? run.Text : run.Text.TrimStart();
            var leading = run.Text[..(run.Text.Length - text.Length)];
            var trailing = code ? "" : text[text.TrimEnd().Length..];
            text = text[..(text.Length - trailing.Length)];
            output.Append(Space(pendingSpace + leading, output.Length == 0));
            for (var k = keep; k < wanted.Count; k++)
            {
                output.Append(wanted[k].Open);
                open.Add(wanted[k]);
            }
            output.Append(code ? CodeSpan(text) : Escape(text, atLineStart: output.Length == 0, inHeader));
            pendingSpace = trailing;
        }
        for (var k = open.Count - 1; k >= 0; k--)
        {
            output.Append(open[k].Close);
        }
        // Trailing whitespace is dropped: it does not show, and two spaces would be read as a line break.
        return output.ToString();
    }

    private static List<Mark> MarksOf(InlineMarks marks)
    {
        var list = new List<Mark>(4);
        if (marks.Link is { } link)
        {
            list.Add(new Mark("[", "](" + Destination(link) + ")"));
        }
        if (marks.Bold)
        {
            list.Add(new Mark("**", "**"));
        }
        if (marks.Italic)
        {
            list.Add(new Mark("_", "_"));
        }
        if (marks.Strike)
        {
            list.Add(new Mark("~~", "~~"));
        }
        return list;
    }

    /// <summary>Whitespace at the start of a line would indent it (four spaces make code): written as character references there.</summary>
    private static string Space(string space, bool atLineStart) =>
        atLineStart ? string.Concat(space.Select(c => "&#" + ((int)c).ToString(CultureInfo.InvariantCulture) + ";")) : space;

    /// <summary>
    /// Backslash-escapes what Markdown would read as syntax: emphasis, code, links, HTML, strike and table
    /// characters anywhere, character references, and block markers at the start of a line (headers, quotes,
    /// list markers, "1." numbers); in a header every '#', so none is taken for a closing sequence.
    /// </summary>
    internal static string Escape(string text, bool atLineStart, bool inHeader)
    {
        var output = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var start = atLineStart && i == 0;
            var escape = c switch
            {
                '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '~' or '|' => true,
                '&' => i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] == '#'),
                '#' => start || inHeader,
                '-' or '+' or '=' => start,
                '.' or ')' => atLineStart && i > 0 && i <= 9 && text[..i].All(char.IsAsciiDigit),
                _ => false,
            };
            if (escape)
            {
                output.Append('\\');
            }
            output.Append(c);
        }
        return output.ToString();
    }

    /// <summary>A code span: backticks one more than the longest run inside, padded where the code starts or ends with a backtick or a space.</summary>
    private static string CodeSpan(string code)
    {
        var ticks = new string('`', LongestRun(code, '`') + 1);
        var pad = code.StartsWith('`') || code.EndsWith('`') || (code.StartsWith(' ') && code.EndsWith(' ') && code.Trim().Length > 0) ? " " : "";
        return ticks + pad + code + pad + ticks;
    }

    /// <summary>A link destination: backslash before parentheses, angle brackets and backslashes, spaces escaped.</summary>
    private static string Destination(string link)
    {
        var output = new StringBuilder(link.Length);
        foreach (var c in link)
        {
            if (c is '(' or ')' or '<' or '>' or '\\')
            {
                output.Append('\\').Append(c);
            }
            else if (c == ' ')
            {
                output.Append("%20");
            }
            else
            {
                output.Append(c);
            }
        }
        return output.ToString();
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0, current = 0;
        foreach (var ch in text)
        {
            current = ch == c ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }
        return longest;
    }

    private sealed record Mark(string Open, string Close);
}
