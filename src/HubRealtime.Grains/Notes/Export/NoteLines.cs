using System.Text;
using System.Text.Json;
using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Notes.Export;

/// <summary>What a line is, from the attributes on the "\n" that ends it (Quill's line model).</summary>
internal enum LineKind
{
    Paragraph,
    Header,
    BulletItem,
    OrderedItem,
    Quote,
    Code,
}

/// <summary>The inline formats of a run; <see cref="Link"/> is set only for a link that passed <see cref="ExportLinks"/>.</summary>
internal sealed record InlineMarks(bool Bold, bool Italic, bool Underline, bool Strike, bool Code, string? Link)
{
    public static InlineMarks None { get; } = new(false, false, false, false, false, null);
}

/// <summary>Text with one set of inline formats.</summary>
internal sealed record ExportRun(string Text, InlineMarks Marks);

/// <summary>
/// One line of a note: its runs (adjacent runs with the same formats merged, whoever wrote them) and its
/// block format. <see cref="Align"/> is "center", "right" or "justify" (null: start).
/// </summary>
internal sealed record ExportLine(IReadOnlyList<ExportRun> Runs, LineKind Kind, int HeaderLevel, string? Align, bool Rtl)
{
    public string Text => string.Concat(Runs.Select(r => r.Text));
}

/// <summary>
/// The lines of a document delta, shared by every export format. Only the allowed formats are read
/// (<see cref="NoteAttributeRules"/>); <c>author</c> and anything unknown are ignored. A line may carry more
/// than one block format in stored data: code-block wins over header, header over list, list over blockquote.
/// </summary>
internal static class NoteLines
{
    private static readonly string[] Alignments = ["center", "right", "justify"];

    public static IReadOnlyList<ExportLine> Of(Delta document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!document.IsDocument)
        {
            throw new ArgumentException("Only a document (inserts only) is exported.", nameof(document));
        }
        var lines = new List<ExportLine>();
        var runs = new LineRuns();
        foreach (var op in document.Ops)
        {
            var text = op.Insert!;
            var marks = MarksOf(op.Attributes);
            var start = 0;
            for (var newline = text.IndexOf('\n', StringComparison.Ordinal); newline >= 0; newline = text.IndexOf('\n', start))
            {
                runs.Add(text.AsSpan(start, newline - start), marks);
                lines.Add(LineOf(runs.Take(), op.Attributes));
                start = newline + 1;
            }
            runs.Add(text.AsSpan(start), marks);
        }
        if (runs.Any)
        {
            // Text after the last "\n" (a document Quill did not finish): a plain line.
            lines.Add(LineOf(runs.Take(), null));
        }
        return lines;
    }

    private static InlineMarks MarksOf(AttributeMap? attributes) => attributes is null || attributes.Count == 0
        ? InlineMarks.None
        : new InlineMarks(
            IsOn(attributes, "bold"), IsOn(attributes, "italic"), IsOn(attributes, "underline"), IsOn(attributes, "strike"), IsOn(attributes, "code"),
            ExportLinks.Safe(StringOf(attributes, "link")));

    private static ExportLine LineOf(List<ExportRun> runs, AttributeMap? attributes)
    {
        attributes ??= AttributeMap.Empty;
        var header = attributes.TryGetValue("header", out var level) ? level switch { "1" => 1, "2" => 2, "3" => 3, _ => 0 } : 0;
        var list = StringOf(attributes, "list");
        var kind = IsOn(attributes, "code-block") ? LineKind.Code
            : header > 0 ? LineKind.Header
            : list == "bullet" ? LineKind.BulletItem
            : list == "ordered" ? LineKind.OrderedItem
            : IsOn(attributes, "blockquote") ? LineKind.Quote
            : LineKind.Paragraph;
        var align = StringOf(attributes, "align") is { } a && Array.IndexOf(Alignments, a) >= 0 ? a : null;
        return new ExportLine(runs, kind, kind == LineKind.Header ? header : 0, align, StringOf(attributes, "direction") == "rtl");
    }

    private static bool IsOn(AttributeMap attributes, string key) => attributes.TryGetValue(key, out var json) && json == "true";

    /// <summary>The value of a string attribute (stored as canonical JSON text), or null.</summary>
    private static string? StringOf(AttributeMap attributes, string key)
    {
        if (!attributes.TryGetValue(key, out var json) || json is null || !json.StartsWith('"'))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<string>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The runs of the line being read. Ops that differ only in their author have the same formats: their
    /// text is appended to one builder, so a line written by many alternating authors stays linear to read.
    /// </summary>
    private sealed class LineRuns
    {
        private readonly List<ExportRun> _done = [];
        private readonly StringBuilder _text = new();
        private InlineMarks? _marks;

        public bool Any => _done.Count > 0 || _text.Length > 0;

        public void Add(ReadOnlySpan<char> text, InlineMarks marks)
        {
            if (text.IsEmpty)
            {
                return;
            }
            if (_marks != marks)
            {
                Flush();
                _marks = marks;
            }
            _text.Append(text);
        }

        public List<ExportRun> Take()
        {
            Flush();
            var runs = new List<ExportRun>(_done);
            _done.Clear();
            _marks = null;
            return runs;
        }

        private void Flush()
        {
            if (_text.Length > 0)
            {
                _done.Add(new ExportRun(_text.ToString(), _marks!));
                _text.Clear();
            }
        }
    }
}
