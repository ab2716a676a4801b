using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Grains.Notes;

namespace HubRealtime.Grains.Tests.Notes;

public sealed class NoteOpPolicyTests
{
    private const string User = "user-1";
    private static readonly AttributeMap Stamp = AttributeMap.Of(("author", "\"user-1\""));

    [Fact]
    public void Inserts_are_stamped_with_the_sender_and_retains_lose_author()
    {
        var change = new Delta(
        [
            DeltaOp.InsertOf("a"),
            DeltaOp.InsertOf("b", AttributeMap.Of(("author", "\"someone-else\""), ("bold", "true"))),
            DeltaOp.RetainOf(3, AttributeMap.Of(("author", "\"forged\""))),
            DeltaOp.RetainOf(2, AttributeMap.Of(("author", null), ("italic", "true"))),
            DeltaOp.DeleteOf(1),
            DeltaOp.RetainOf(4, AttributeMap.Of(("author", "\"forged\""))),
        ]);

        var checkedChange = NoteOpPolicy.Check(change, User);

        var expected = new DeltaBuilder()
            .Insert("a", Stamp)
            .Insert("b", Stamp.With("bold", "true"))
            .Retain(3)
            .Retain(2, AttributeMap.Of(("italic", "true")))
            .Delete(1)
            .Build();
        Assert.Equal(expected, checkedChange);
    }

    [Fact]
    public void The_change_comes_back_normalized()
    {
        var change = new Delta([DeltaOp.InsertOf("ab"), DeltaOp.InsertOf("cd"), DeltaOp.RetainOf(1), DeltaOp.RetainOf(2)]);
        Assert.Equal(new DeltaBuilder().Insert("abcd", Stamp).Build(), NoteOpPolicy.Check(change, User));
    }

    [Fact]
    public void A_user_id_is_stamped_as_a_json_string()
    {
        var checkedChange = NoteOpPolicy.Check(new DeltaBuilder().Insert("x").Build(), "a\"b");
        Assert.True(checkedChange.Ops[0].Attributes!.TryGetValue("author", out var json));
        Assert.Equal("a\"b", System.Text.Json.JsonSerializer.Deserialize<string>(json!));
    }

    [Theory]
    [InlineData("bold", "true")]
    [InlineData("italic", "true")]
    [InlineData("underline", "true")]
    [InlineData("strike", "true")]
    [InlineData("blockquote", "true")]
    [InlineData("code", "true")]
    [InlineData("code-block", "true")]
    [InlineData("header", "1")]
    [InlineData("header", "3")]
    [InlineData("header", "2.0")]
    [InlineData("list", "\"ordered\"")]
    [InlineData("list", "\"bullet\"")]
    [InlineData("align", "\"right\"")]
    [InlineData("align", "\"center\"")]
    [InlineData("align", "\"justify\"")]
    [InlineData("direction", "\"rtl\"")]
    [InlineData("link", "\"https://example.com/a?b=c#d\"")]
    [InlineData("link", "\"http://example.com\"")]
    [InlineData("link", "\"HTTPS://EXAMPLE.COM\"")]
    [InlineData("link", "\"mailto:someone@example.com\"")]
    [InlineData("link", "\"https://example.com/a b\"")]
    public void Allowed_formats_pass_on_inserts_and_retains(string key, string json)
    {
        var attributes = AttributeMap.Of((key, json));
        var change = new DeltaBuilder().Retain(2, attributes).Insert("x", attributes).Build();

        var checkedChange = NoteOpPolicy.Check(change, User);

        Assert.Equal(new DeltaBuilder().Retain(2, attributes).Insert("x", attributes.With("author", "\"user-1\"")).Build(), checkedChange);
    }

    [Theory]
    [InlineData("bold", "false")]
    [InlineData("bold", "1")]
    [InlineData("italic", "\"true\"")]
    [InlineData("header", "0")]
    [InlineData("header", "4")]
    [InlineData("header", "1.5")]
    [InlineData("header", "\"1\"")]
    [InlineData("list", "\"checked\"")]
    [InlineData("list", "true")]
    [InlineData("align", "\"left\"")]
    [InlineData("direction", "\"ltr\"")]
    [InlineData("link", "\"javascript:alert(1)\"")]
    [InlineData("link", "\"JavaScript:alert(1)\"")]
    [InlineData("link", "\"data:text/html,<script>alert(1)</script>\"")]
    [InlineData("link", "\"vbscript:msgbox\"")]
    [InlineData("link", "\"file:///etc/passwd\"")]
    [InlineData("link", "\"/relative/path\"")]
    [InlineData("link", "\"example.com\"")]
    [InlineData("link", "\"\"")]
    [InlineData("link", "\" https://example.com\"")]
    [InlineData("link", "\"https://example.com\\n\"")]
    [InlineData("link", "\"java\\tscript:alert(1)\"")]
    [InlineData("link", "\"https://exa\\u0000mple.com\"")]
    [InlineData("link", "true")]
    [InlineData("color", "\"red\"")]
    [InlineData("background", "\"red\"")]
    [InlineData("font", "\"serif\"")]
    [InlineData("script", "\"sub\"")]
    [InlineData("image", "\"https://example.com/x.png\"")]
    public void Other_formats_and_values_are_refused(string key, string json)
    {
        var attributes = AttributeMap.Of((key, json));
        AssertInvalid(new DeltaBuilder().Insert("x", attributes).Build());
        AssertInvalid(new DeltaBuilder().Retain(1, attributes).Build());
    }

    [Fact]
    public void A_link_longer_than_the_limit_is_refused()
    {
        var link = "https://example.com/" + new string('a', NoteLimits.MaxAttributeValueLength);
        AssertInvalid(new DeltaBuilder().Insert("x", AttributeMap.Of(("link", "\"" + link + "\""))).Build());

        var longest = "https://example.com/" + new string('a', NoteLimits.MaxAttributeValueLength - 22);
        NoteOpPolicy.Check(new DeltaBuilder().Insert("x", AttributeMap.Of(("link", "\"" + longest + "\""))).Build(), User);
    }

    [Fact]
    public void Null_removes_a_known_format_in_a_retain_only()
    {
        var removeBold = AttributeMap.Of(("bold", null), ("link", null));
        Assert.Equal(new DeltaBuilder().Retain(3, removeBold).Build(), NoteOpPolicy.Check(new DeltaBuilder().Retain(3, removeBold).Build(), User));

        AssertInvalid(new DeltaBuilder().Insert("x", AttributeMap.Of(("bold", null))).Build());
        AssertInvalid(new DeltaBuilder().Retain(3, AttributeMap.Of(("color", null))).Build());
    }

    [Theory]
    [InlineData("line\nbreak\tand tab")]
    [InlineData("émoji 😀 and 中文")]
    public void Ordinary_text_passes(string text)
    {
        Assert.Equal(new DeltaBuilder().Insert(text, Stamp).Build(), NoteOpPolicy.Check(new DeltaBuilder().Insert(text).Build(), User));
    }

    [Theory]
    [InlineData("nul\0")]
    [InlineData("carriage\r\nreturn")]
    [InlineData("bell\u0007")]
    [InlineData("escape\u001B[31m")]
    [InlineData("\u001F")]
    public void Text_with_controls_is_refused(string text)
    {
        AssertInvalid(new DeltaBuilder().Insert(text).Build());
    }

    [Fact]
    public void Text_with_lone_surrogates_is_refused()
    {
        // Not theory data: xunit's serialization of test cases turns lone surrogates into U+FFFD.
        foreach (var text in new[] { "lone high \uD83D", "\uD83D", "lone low \uDE00 here", "reversed \uDE00\uD83D", "\uD83D\uD83D\uDE00" })
        {
            AssertInvalid(new DeltaBuilder().Insert(text).Build());
        }
    }

    [Fact]
    public void At_most_the_op_limit()
    {
        // Alternating formats, ending formatted: the ops neither merge nor get chopped.
        var ops = Enumerable.Range(0, NoteLimits.MaxOpsPerChange)
            .Select(i => DeltaOp.RetainOf(1, i % 2 == 1 ? AttributeMap.Of(("bold", "true")) : null)).ToList();
        Assert.Equal(NoteLimits.MaxOpsPerChange, NoteOpPolicy.Check(new Delta(ops), User).Ops.Count);

        ops.Add(DeltaOp.InsertOf("x"));
        AssertInvalid(new Delta(ops));
    }

    [Fact]
    public void At_most_the_inserted_text_limit()
    {
        var half = new string('a', NoteLimits.MaxInsertedCharsPerChange / 2);
        NoteOpPolicy.Check(new Delta([DeltaOp.InsertOf(half), DeltaOp.RetainOf(1), DeltaOp.InsertOf(half)]), User);

        AssertInvalid(new Delta([DeltaOp.InsertOf(half), DeltaOp.RetainOf(1), DeltaOp.InsertOf(half + "a")]));
    }

    [Fact]
    public void A_change_longer_than_any_note_is_refused()
    {
        AssertInvalid(new DeltaBuilder().Retain(NoteLimits.MaxNoteLength).Delete(1).Build());
        AssertInvalid(new Delta([DeltaOp.RetainOf(int.MaxValue), DeltaOp.RetainOf(int.MaxValue, AttributeMap.Of(("bold", "true")))]));
    }

    [Fact]
    public void A_note_may_grow_up_to_its_maximum_length()
    {
        var ten = new DeltaBuilder().Retain(5).Insert("0123456789").Build();
        NoteOpPolicy.EnsureFits(NoteLimits.MaxNoteLength - 10, ten);

        var error = Assert.Throws<HubRealtimeException>(() => NoteOpPolicy.EnsureFits(NoteLimits.MaxNoteLength - 9, ten));
        Assert.Equal(ErrorCodes.NoteTooLarge, error.Code);
        Assert.Equal("note_too_large", ErrorCodes.NoteTooLarge);

        // Replacing text by as much keeps the length: fits even at the maximum.
        NoteOpPolicy.EnsureFits(NoteLimits.MaxNoteLength, new DeltaBuilder().Delete(10).Insert("0123456789").Build());
    }

    private static void AssertInvalid(Delta change)
    {
        var error = Assert.Throws<HubRealtimeException>(() => NoteOpPolicy.Check(change, User));
        Assert.Equal(ErrorCodes.InvalidArgument, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
