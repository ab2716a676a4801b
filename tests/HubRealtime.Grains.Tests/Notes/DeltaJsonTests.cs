using System.Text.Json;
using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Tests.Notes;

/// <summary>Quill's JSON format through plain <see cref="JsonSerializer"/>: round trips and every strict refusal.</summary>
public sealed class DeltaJsonTests
{
    [Fact]
    public void A_delta_round_trips_in_quills_format()
    {
        const string json = """{"ops":[{"insert":"a","attributes":{"bold":true,"header":2,"list":"bullet"}},{"retain":3,"attributes":{"bold":null}},{"delete":2},{"retain":1}]}""";

        var delta = JsonSerializer.Deserialize<Delta>(json)!;

        Assert.Equal(new Delta([
            DeltaOp.InsertOf("a", AttributeMap.Of(("list", "\"bullet\""), ("bold", "true"), ("header", "2"))),
            DeltaOp.RetainOf(3, AttributeMap.Of(("bold", null))),
            DeltaOp.DeleteOf(2),
            DeltaOp.RetainOf(1),
        ]), delta);
        Assert.Equal(json, JsonSerializer.Serialize(delta));
    }

    [Fact]
    public void Reading_keeps_ops_as_given_without_normalizing()
    {
        var delta = JsonSerializer.Deserialize<Delta>("""{"ops":[{"insert":"a"},{"insert":"b"},{"retain":2}]}""")!;

        Assert.Equal(3, delta.Ops.Count);
    }

    [Fact]
    public void Text_beyond_ascii_round_trips()
    {
        var delta = new DeltaBuilder().Insert("مرحبا 你好 😀\n\"q\"\\", AttributeMap.Of(("link", "\"https://x/ع?a=1&b=<2>\""))).Build();

        var back = JsonSerializer.Deserialize<Delta>(JsonSerializer.Serialize(delta));

        Assert.Equal(delta, back);
    }

    [Fact]
    public void Attribute_values_are_compared_as_json_values()
    {
        var a = JsonSerializer.Deserialize<AttributeMap>("""{"size":2.0,"font":"\u0041","x":-0}""")!;

        Assert.Equal(AttributeMap.Of(("size", "2"), ("font", "\"A\""), ("x", "0")), a);
    }

    [Fact]
    public void An_empty_attribute_map_is_kept_apart_from_none()
    {
        var delta = JsonSerializer.Deserialize<Delta>("""{"ops":[{"retain":1,"attributes":{}}]}""")!;

        Assert.Same(AttributeMap.Empty, delta.Ops[0].Attributes);
        Assert.Equal("""{"ops":[{"retain":1,"attributes":{}}]}""", JsonSerializer.Serialize(delta));
    }

    [Fact]
    public void Ops_and_attribute_maps_round_trip_on_their_own()
    {
        var op = DeltaOp.RetainOf(4, AttributeMap.Of(("color", "\"#ff0000\"")));

        Assert.Equal(op, JsonSerializer.Deserialize<DeltaOp>(JsonSerializer.Serialize(op)));
        Assert.Equal("""{"color":"#ff0000"}""", JsonSerializer.Serialize(op.Attributes));
    }

    [Theory]
    [InlineData("""[]""", "must be a JSON object")]
    [InlineData("""{}""", "must have an 'ops' array")]
    [InlineData("""{"ops":[],"x":1}""", "no key 'x'")]
    [InlineData("""{"ops":[],"ops":[]}""", "'ops' twice")]
    [InlineData("""{"ops":{}}""", "must be an array")]
    [InlineData("""{"ops":[1]}""", "op must be a JSON object")]
    [InlineData("""{"ops":[{"insert":"a","foo":1}]}""", "no key 'foo'")]
    [InlineData("""{"ops":[{"Insert":"a"}]}""", "no key 'Insert'")]
    [InlineData("""{"ops":[{}]}""", "exactly one of insert, retain and delete (it has 0)")]
    [InlineData("""{"ops":[{"attributes":{"bold":true}}]}""", "(it has 0)")]
    [InlineData("""{"ops":[{"insert":"a","retain":1}]}""", "(it has 2)")]
    [InlineData("""{"ops":[{"retain":1,"delete":1}]}""", "(it has 2)")]
    [InlineData("""{"ops":[{"insert":"a","insert":"b"}]}""", "'insert' twice")]
    [InlineData("""{"ops":[{"insert":{"image":"x.png"}}]}""", "embeds are not supported")]
    [InlineData("""{"ops":[{"insert":5}]}""", "must be a string")]
    [InlineData("""{"ops":[{"insert":null}]}""", "must be a string")]
    [InlineData("""{"ops":[{"insert":""}]}""", "must not be empty")]
    [InlineData("""{"ops":[{"insert":"a\ud83d"}]}""", "lone surrogate")]
    [InlineData("""{"ops":[{"retain":{"image":"x"}}]}""", "integer from 1")]
    [InlineData("""{"ops":[{"retain":1.5}]}""", "integer from 1")]
    [InlineData("""{"ops":[{"retain":2.0}]}""", "integer from 1")]
    [InlineData("""{"ops":[{"retain":0}]}""", "integer from 1")]
    [InlineData("""{"ops":[{"retain":-3}]}""", "integer from 1")]
    [InlineData("""{"ops":[{"retain":2147483648}]}""", "integer from 1")]
    [InlineData("""{"ops":[{"retain":"3"}]}""", "integer from 1")]
    [InlineData("""{"ops":[{"delete":0}]}""", "integer from 1")]
    [InlineData("""{"ops":[{"delete":1e3}]}""", "integer from 1")]
    [InlineData("""{"ops":[{"delete":99999999999}]}""", "integer from 1")]
    [InlineData("""{"ops":[{"delete":1,"attributes":{"bold":true}}]}""", "delete cannot carry attributes")]
    [InlineData("""{"ops":[{"insert":"a","attributes":null}]}""", "Attributes must be a JSON object")]
    [InlineData("""{"ops":[{"insert":"a","attributes":[]}]}""", "Attributes must be a JSON object")]
    [InlineData("""{"ops":[{"insert":"a","attributes":{"x":{"y":1}}}]}""", "Attribute 'x' must be a string, number, boolean or null")]
    [InlineData("""{"ops":[{"insert":"a","attributes":{"x":[1]}}]}""", "Attribute 'x' must be a string, number, boolean or null")]
    [InlineData("""{"ops":[{"insert":"a","attributes":{"":true}}]}""", "1 to 64 characters long (got 0)")]
    [InlineData("""{"ops":[{"insert":"a","attributes":{"bold":true,"bold":false}}]}""", "'bold' is given twice")]
    [InlineData("""{"ops":[{"insert":"a","attributes":{"x":1e999}}]}""", "outside the range")]
    public void Reading_refuses(string json, string message)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Delta>(json));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_refuses_an_attribute_key_longer_than_64_characters()
    {
        var ok = "{\"ops\":[{\"insert\":\"a\",\"attributes\":{\"" + new string('k', 64) + "\":true}}]}";
        var tooLong = "{\"ops\":[{\"insert\":\"a\",\"attributes\":{\"" + new string('k', 65) + "\":true}}]}";

        Assert.NotNull(JsonSerializer.Deserialize<Delta>(ok));
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Delta>(tooLong));
        Assert.Contains("(got 65)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_refuses_more_than_32_attributes()
    {
        static string Op(int n) => "{\"ops\":[{\"insert\":\"a\",\"attributes\":{" +
            string.Join(",", Enumerable.Range(0, n).Select(i => $"\"k{i}\":{i}")) + "}}]}";

        Assert.Equal(32, JsonSerializer.Deserialize<Delta>(Op(32))!.Ops[0].Attributes!.Count);
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Delta>(Op(33)));
        Assert.Contains("at most 32 attributes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_delta_reads_as_null() => Assert.Null(JsonSerializer.Deserialize<Delta>("null"));
}
