using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Grains.Notes.Export;
using Markdig;

namespace HubRealtime.Grains.Tests.Notes;

/// <summary>
/// The three export formats over every format a note may carry. Markdown is also rendered by Markdig (a
/// CommonMark reader) to check that it shows the note's text; HTML is parsed back to check what it holds.
/// </summary>
public sealed class NoteExportTests
{
    private static readonly MarkdownPipeline Reader = new MarkdownPipelineBuilder().UseEmphasisExtras().Build();

    [Fact]
    public void Headers_become_hashes_h_elements_and_plain_lines()
    {
        var note = Note(("One", Line(("header", "1"))), ("Two", Line(("header", "2"))), ("Three", Line(("header", "3"))), ("Body", null));

        Assert.Equal("# One\n\n## Two\n\n### Three\n\nBody\n", NoteExport.ToMarkdown(note));
        Assert.Equal("<h1>One</h1>\n<h2>Two</h2>\n<h3>Three</h3>\n<p>Body</p>\n", Body(NoteExport.ToHtml(note)));
        Assert.Equal("One\nTwo\nThree\nBody\n", NoteExport.ToPlainText(note));
        Assert.Equal(["h1:One", "h2:Two", "h3:Three", "p:Body"], Rendered(NoteExport.ToMarkdown(note)));
    }

    [Fact]
    public void Consecutive_list_lines_are_one_list_and_a_line_between_starts_another()
    {
        var bullet = Line(("list", "\"bullet\""));
        var ordered = Line(("list", "\"ordered\""));
        var note = Note(("a", bullet), ("b", bullet), ("between", null), ("c", bullet), ("x", ordered), ("y", ordered), ("z", bullet));

        Assert.Equal("- a\n- b\n\nbetween\n\n- c\n\n1. x\n2. y\n\n- z\n", NoteExport.ToMarkdown(note));
        Assert.Equal(
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>between</p>\n<ul>\n<li>c</li>\n</ul>\n<ol>\n<li>x</li>\n<li>y</li>\n</ol>\n<ul>\n<li>z</li>\n</ul>\n",
            Body(NoteExport.ToHtml(note)));
        Assert.Equal("a\nb\nbetween\nc\nx\ny\nz\n", NoteExport.ToPlainText(note));
        var reader = Parse(Markdown.ToHtml(NoteExport.ToMarkdown(note), Reader));
        Assert.Equal(["ul:a,b", "ul:c", "ol:x,y", "ul:z"], reader.QuerySelectorAll("ul, ol").Select(l => l.LocalName + ":" + string.Join(",", l.Children.Select(i => i.TextContent))));
    }

    [Fact]
    public void Quote_lines_are_one_quote_keeping_their_lines()
    {
        var quote = Line(("blockquote", "true"));
        var note = Note(("first", quote), ("second", quote), ("after", null));

        Assert.Equal("> first\n>\n> second\n\nafter\n", NoteExport.ToMarkdown(note));
        Assert.Equal("<blockquote>\n<p>first</p>\n<p>second</p>\n</blockquote>\n<p>after</p>\n", Body(NoteExport.ToHtml(note)));
        Assert.Equal("first\nsecond\nafter\n", NoteExport.ToPlainText(note));
        var reader = Parse(Markdown.ToHtml(NoteExport.ToMarkdown(note), Reader));
        Assert.Equal(["first", "second"], reader.QuerySelectorAll("blockquote > p").Select(p => p.TextContent));
    }

    [Fact]
    public void Code_lines_are_one_fence_kept_verbatim_and_a_fence_inside_gets_a_longer_one()
    {
        var code = Line(("code-block", "true"));
        var note = Note(("if (a < b && *p) {", code), ("", code), ("  `x` _y_", code), ("}", code), ("text", null), ("```", code));

        Assert.Equal("```\nif (a < b && *p) {\n\n  `x` _y_\n}\n```\n\ntext\n\n````\n```\n````\n", NoteExport.ToMarkdown(note));
        Assert.Equal("<pre><code>if (a &lt; b &amp;&amp; *p) {\n\n  `x` _y_\n}</code></pre>\n<p>text</p>\n<pre><code>```</code></pre>\n", Body(NoteExport.ToHtml(note)));
        Assert.Equal("if (a < b && *p) {\n\n  `x` _y_\n}\ntext\n```\n", NoteExport.ToPlainText(note));
        var reader = Parse(Markdown.ToHtml(NoteExport.ToMarkdown(note), Reader));
        Assert.Equal(["if (a < b && *p) {\n\n  `x` _y_\n}\n", "```\n"], reader.QuerySelectorAll("pre > code").Select(c => c.TextContent));
    }

    [Fact]
    public void Inline_marks_are_written_once_over_runs_and_never_against_whitespace()
    {
        var note = new DeltaBuilder()
            .Insert("plain ")
            .Insert("bold ", Marks(("bold", "true")))
            .Insert("both", Marks(("bold", "true"), ("italic", "true")))
            .Insert(" it", Marks(("italic", "true")))
            .Insert(" ")
            .Insert("gone", Marks(("strike", "true")))
            .Insert(" ")
            .Insert("f(`x`)", Marks(("code", "true")))
            .Insert(" ")
            .Insert("under", Marks(("underline", "true")))
            .Insert("\n")
            .Build();

        var markdown = NoteExport.ToMarkdown(note);
        var html = Body(NoteExport.ToHtml(note));

        Assert.Equal("plain **bold _both_** _it_ ~~gone~~ ``f(`x`)`` under\n", markdown);
        Assert.Equal(
            "<p>plain <strong>bold </strong><strong><em>both</em></strong><em> it</em> <s>gone</s> <code>f(`x`)</code> <u>under</u></p>\n",
            html);
        Assert.Equal("plain bold both it gone f(`x`) under\n", NoteExport.ToPlainText(note));
        var reader = Parse(Markdown.ToHtml(markdown, Reader));
        Assert.Equal("plain bold both it gone f(`x`) under", reader.QuerySelector("p")!.TextContent);
        Assert.Equal(["bold both"], reader.QuerySelectorAll("strong").Select(e => e.TextContent));
        Assert.Equal(["both", "it"], reader.QuerySelectorAll("em").Select(e => e.TextContent));
        Assert.Equal(["gone"], reader.QuerySelectorAll("del").Select(e => e.TextContent));
        Assert.Equal(["f(`x`)"], reader.QuerySelectorAll("code").Select(e => e.TextContent));
    }

    [Fact]
    public void Text_by_several_authors_is_one_run_and_no_author_is_exported()
    {
        var note = new DeltaBuilder()
            .Insert("hel", Marks(("bold", "true"), ("author", "\"ann@example.org\"")))
            .Insert("lo", Marks(("bold", "true"), ("author", "\"bo@example.org\"")))
            .Insert("\n", Marks(("author", "\"bo@example.org\"")))
            .Build();

        Assert.Equal("**hello**\n", NoteExport.ToMarkdown(note));
        Assert.Equal("<p><strong>hello</strong></p>\n", Body(NoteExport.ToHtml(note)));
        Assert.Equal("hello\n", NoteExport.ToPlainText(note));
        Assert.DoesNotContain("example.org", NoteExport.ToHtml(note), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_line_typed_by_alternating_authors_is_one_run_in_every_format()
    {
        var builder = new DeltaBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            builder.Insert("word ", Marks(("author", i % 2 == 0 ? "\"ann@example.org\"" : "\"bo@example.org\"")));
        }
        var note = builder.Insert("\n").Build();
        var text = string.Concat(Enumerable.Repeat("word ", 50_000));

        Assert.Equal(50_001, note.Ops.Count);
        Assert.Equal(text.TrimEnd() + "\n", NoteExport.ToMarkdown(note));
        Assert.Equal("<p>" + text + "</p>\n", Body(NoteExport.ToHtml(note)));
        Assert.Equal(text + "\n", NoteExport.ToPlainText(note));
    }

    [Fact]
    public void Good_links_are_kept_and_other_schemes_keep_only_their_text()
    {
        var note = new DeltaBuilder()
            .Insert("site", Marks(("link", "\"https://example.org/a_(b)\"")))
            .Insert(" ")
            .Insert("mail", Marks(("link", "\"mailto:team@example.org\"")))
            .Insert(" ")
            .Insert("js", Marks(("link", "\"javascript:alert(1)\"")))
            .Insert(" ")
            .Insert("data", Marks(("link", "\"data:text/html,<script>alert(1)</script>\"")))
            .Insert(" ")
            .Insert("tab", Marks(("link", "\"java\\tscript:alert(1)\"")))
            .Insert(" ")
            .Insert("relative", Marks(("link", "\"/api/rooms\"")))
            .Insert("\n")
            .Build();

        var markdown = NoteExport.ToMarkdown(note);
        var html = Body(NoteExport.ToHtml(note));

        Assert.Equal("[site](https://example.org/a_\\(b\\)) [mail](mailto:team@example.org) js data tab relative\n", markdown);
        Assert.Equal(
            "<p><a href=\"https://example.org/a_(b)\" rel=\"noopener noreferrer\">site</a> <a href=\"mailto:team@example.org\" rel=\"noopener noreferrer\">mail</a> js data tab relative</p>\n",
            html);
        Assert.Equal("site mail js data tab relative\n", NoteExport.ToPlainText(note));
        var reader = Parse(Markdown.ToHtml(markdown, Reader));
        Assert.Equal(["https://example.org/a_(b)", "mailto:team@example.org"], reader.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void Arabic_right_to_left_lines_get_dir_and_their_alignment_as_a_class()
    {
        var note = Note(
            ("مرحبا بالعالم", Line(("align", "\"right\""), ("direction", "\"rtl\""))),
            ("عنوان", Line(("direction", "\"rtl\""), ("header", "2"))),
            ("centred", Line(("align", "\"center\""))));

        Assert.Equal("مرحبا بالعالم\n\n## عنوان\n\ncentred\n", NoteExport.ToMarkdown(note));
        Assert.Equal("<p dir=\"rtl\" class=\"align-right\">مرحبا بالعالم</p>\n<h2 dir=\"rtl\">عنوان</h2>\n<p class=\"align-center\">centred</p>\n", Body(NoteExport.ToHtml(note)));
        Assert.Equal("مرحبا بالعالم\nعنوان\ncentred\n", NoteExport.ToPlainText(note));
        Assert.DoesNotContain("style", NoteExport.ToHtml(note), StringComparison.Ordinal);
    }

    [Fact]
    public void Chinese_and_emoji_come_out_unchanged_in_every_format()
    {
        var note = Note(("你好，世界 👋🏽", Line(("header", "1"))), ("家族 👨‍👩‍👧 ✅", Line(("list", "\"bullet\""))));

        Assert.Equal("# 你好，世界 👋🏽\n\n- 家族 👨‍👩‍👧 ✅\n", NoteExport.ToMarkdown(note));
        var html = NoteExport.ToHtml(note);
        Assert.Equal("<h1>你好，世界 👋🏽</h1>\n<ul>\n<li>家族 👨‍👩‍👧 ✅</li>\n</ul>\n", Body(html));
        Assert.Equal("你好，世界 👋🏽", Parse(html).Title);
        Assert.Equal("你好，世界 👋🏽\n家族 👨‍👩‍👧 ✅\n", NoteExport.ToPlainText(note));
        Assert.Equal(["h1:你好，世界 👋🏽", "li:家族 👨‍👩‍👧 ✅"], Rendered(NoteExport.ToMarkdown(note)));
    }

    [Theory]
    [InlineData("*not bold* _not italic_ ~~not struck~~")]
    [InlineData("[not](a link) ![nor](an image) <b>no html</b> <https://not.autolinked>")]
    [InlineData("`not code` and \\ a backslash | a pipe & &amp; &#35; stay as typed")]
    [InlineData("# not a header")]
    [InlineData("## nor this #")]
    [InlineData("- not a list")]
    [InlineData("+ nor this")]
    [InlineData("* nor this")]
    [InlineData("1. not numbered")]
    [InlineData("2) nor this")]
    [InlineData("> not a quote")]
    [InlineData("---")]
    [InlineData("***")]
    [InlineData("    indented, not code")]
    [InlineData("```not a fence")]
    public void Markdown_syntax_typed_as_text_renders_as_that_text(string text)
    {
        var note = Note((text, null));

        var markdown = NoteExport.ToMarkdown(note);

        Assert.Equal(["p:" + text], Rendered(markdown));
        Assert.Equal(text + "\n", NoteExport.ToPlainText(note));
    }

    [Fact]
    public void Leading_spaces_are_kept_without_indenting_the_line()
    {
        var note = Note(("    four spaces", null));

        var markdown = NoteExport.ToMarkdown(note);

        Assert.Equal("&#32;&#32;&#32;&#32;four spaces\n", markdown);
        Assert.Equal(["p:\u0020\u0020\u0020\u0020four spaces"], Rendered(markdown));
    }

    [Fact]
    public void Syntax_inside_headers_items_and_quotes_is_escaped_too()
    {
        var note = Note(
            ("# C# #", Line(("header", "2"))),
            ("1. step", Line(("list", "\"ordered\""))),
            ("- dash", Line(("list", "\"bullet\""))),
            ("> nested", Line(("blockquote", "true"))));

        Assert.Equal(["h2:# C# #", "li:1. step", "li:- dash", "p:> nested"], Rendered(NoteExport.ToMarkdown(note)));
    }

    [Fact]
    public void Markup_and_script_in_text_and_links_never_come_out_as_markup()
    {
        var note = new DeltaBuilder()
            .Insert("<script>alert(1)</script> <img src=x onerror=alert(1)> \"quoted\" 'single'", Marks(("bold", "true")))
            .Insert("\n", Marks(("header", "1")))
            .Insert("click", Marks(("link", "\"javascript:alert(document.cookie)\"")))
            .Insert(" ")
            .Insert("escape", Marks(("link", "\"https://example.org/\\\"onmouseover=\\\"alert(1)\"")))
            .Insert(" ")
            .Insert("vb", Marks(("link", "\"vbscript:msgbox(1)\"")))
            .Insert("\n", Marks(("align", "\"center\\\" onclick=\\\"alert(1)\"")))
            .Build();

        var html = NoteExport.ToHtml(note);
        var document = Parse(html);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("vbscript:", html, StringComparison.OrdinalIgnoreCase);
        var elements = document.Body!.QuerySelectorAll("*");
        Assert.All(elements, e => Assert.Contains(e.LocalName, ExportSanitizer.Tags));
        Assert.All(elements.SelectMany(e => e.Attributes), a => Assert.Contains(a.Name, ExportSanitizer.Attributes));
        Assert.Equal(["https://example.org/\"onmouseover=\"alert(1)"], document.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.Equal("<script>alert(1)</script> <img src=x onerror=alert(1)> \"quoted\" 'single'", document.QuerySelector("h1")!.TextContent);
        Assert.Equal("click escape vb", document.QuerySelector("p")!.TextContent);
        Assert.Empty(document.QuerySelectorAll("[onclick], [class]"));
        Assert.Equal("<script>alert(1)</script> <img src=x onerror=alert(1)> \"quoted\" 'single'", document.Title);
        var markdown = NoteExport.ToMarkdown(note);
        Assert.DoesNotContain("javascript:", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Parse(Markdown.ToHtml(markdown, Reader)).QuerySelectorAll("script, img, [onerror]"));
    }

    [Fact]
    public void The_sanitizer_allows_exactly_the_whitelist_and_drops_anything_else_whole()
    {
        var hostile = "<p onclick=\"x()\" style=\"color:red\" class=\"align-center evil\" dir=\"rtl\" data-x=\"1\">a<script>alert(1)</script>"
            + "<a href=\"javascript:alert(1)\" rel=\"noopener noreferrer\">l</a><a href=\"https://example.org/\">ok</a>"
            + "<img src=x onerror=alert(1)><iframe src=\"https://example.org/\"></iframe><span>kept</span></p>";

        Assert.Equal(
            "<p class=\"align-center\" dir=\"rtl\">a<a rel=\"noopener noreferrer\">l</a><a href=\"https://example.org/\">ok</a></p>",
            ExportSanitizer.Sanitize(hostile));
    }

    [Fact]
    public void An_empty_note_exports_as_empty_files_and_a_blank_line_as_an_empty_paragraph()
    {
        Assert.Equal("", NoteExport.ToMarkdown(Delta.Empty));
        Assert.Equal("", NoteExport.ToPlainText(Delta.Empty));
        var html = NoteExport.ToHtml(Delta.Empty);
        Assert.Equal("", Body(html));
        Assert.Equal("Note", Parse(html).Title);

        var blank = Note(("", null));
        Assert.Equal("", NoteExport.ToMarkdown(blank));
        Assert.Equal("\n", NoteExport.ToPlainText(blank));
        Assert.Equal("<p></p>\n", Body(NoteExport.ToHtml(blank)));
    }

    [Fact]
    public void The_html_is_a_small_complete_document_with_its_title_and_language()
    {
        var note = Note(("Minutes & actions", Line(("header", "1"))), ("Text", null));

        var html = NoteExport.ToHtml(note, lang: "nl");
        var titled = NoteExport.ToHtml(note, title: "Room <1>", lang: "\" onload=\"x");

        Assert.StartsWith("<!doctype html>\n<html lang=\"nl\">\n<meta charset=\"utf-8\">\n<title>Minutes &amp; actions</title>\n<body>\n", html, StringComparison.Ordinal);
        Assert.EndsWith("</body>\n</html>\n", html, StringComparison.Ordinal);
        Assert.StartsWith("<!doctype html>\n<html lang=\"und\">\n<meta charset=\"utf-8\">\n<title>Room &lt;1&gt;</title>\n", titled, StringComparison.Ordinal);
    }

    /// <summary>A document of lines: each text followed by its "\n" with the line's attributes.</summary>
    private static Delta Note(params (string Text, AttributeMap? Line)[] lines)
    {
        var builder = new DeltaBuilder();
        foreach (var (text, line) in lines)
        {
            builder.Insert(text).Insert("\n", line);
        }
        return builder.Build();
    }

    private static AttributeMap Line(params (string Key, string? Json)[] entries) => AttributeMap.Of(entries);

    private static AttributeMap Marks(params (string Key, string? Json)[] entries) => AttributeMap.Of(entries);

    private static string Body(string html)
    {
        const string Open = "<body>\n";
        var start = html.IndexOf(Open, StringComparison.Ordinal) + Open.Length;
        return html[start..html.IndexOf("</body>", StringComparison.Ordinal)];
    }

    private static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>What a Markdown reader shows: each leaf block as "tag:text".</summary>
    private static List<string> Rendered(string markdown) =>
        [.. Parse(Markdown.ToHtml(markdown, Reader)).QuerySelectorAll("p, h1, h2, h3, li, pre").Select(e => e.LocalName + ":" + e.TextContent)];
}
