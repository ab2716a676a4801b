using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Tests.Notes;

/// <summary>The builder's push rules and the plain measures of a delta (quill-delta 5.1.0 behaviour).</summary>
public sealed class DeltaBasicsTests
{
    private static readonly AttributeMap Bold = AttributeMap.Of(("bold", "true"));

    [Fact]
    public void Adjacent_inserts_and_retains_with_equal_attributes_merge()
    {
        var delta = new DeltaBuilder().Insert("ab", Bold).Insert("c", AttributeMap.Of(("bold", "true"))).Insert("d")
            .Retain(2).Retain(3).Retain(1, Bold).Build();

        Assert.Equal(new Delta([DeltaOp.InsertOf("abc", Bold), DeltaOp.InsertOf("d"), DeltaOp.RetainOf(5), DeltaOp.RetainOf(1, Bold)]), delta);
    }

    [Fact]
    public void Deletes_merge_and_an_insert_after_a_delete_goes_before_it()
    {
        var delta = new DeltaBuilder().Retain(1).Insert("a").Delete(1).Delete(2).Insert("b").Insert("c", Bold).Build();

        Assert.Equal(new Delta([DeltaOp.RetainOf(1), DeltaOp.InsertOf("ab"), DeltaOp.InsertOf("c", Bold), DeltaOp.DeleteOf(3)]), delta);
    }

    [Fact]
    public void An_insert_after_a_leading_delete_becomes_the_first_op()
    {
        var delta = new DeltaBuilder().Delete(2).Insert("x").Build();

        Assert.Equal(new Delta([DeltaOp.InsertOf("x"), DeltaOp.DeleteOf(2)]), delta);
    }

    [Fact]
    public void Empty_ops_and_empty_attribute_maps_are_dropped_by_the_builder_methods()
    {
        var delta = new DeltaBuilder().Insert("").Retain(0).Delete(-1).Insert("a", AttributeMap.Empty).Retain(2, AttributeMap.Empty).Build();

        Assert.Equal(new Delta([DeltaOp.InsertOf("a"), DeltaOp.RetainOf(2)]), delta);
    }

    [Fact]
    public void Push_keeps_an_empty_attribute_map_apart_from_none()
    {
        var delta = new DeltaBuilder().Push(DeltaOp.RetainOf(1)).Push(DeltaOp.RetainOf(1, AttributeMap.Empty)).Chop().Build();

        Assert.Equal(new Delta([DeltaOp.RetainOf(1), DeltaOp.RetainOf(1, AttributeMap.Empty)]), delta);
    }

    [Fact]
    public void Chop_drops_only_a_trailing_plain_retain()
    {
        Assert.Equal(new Delta([DeltaOp.InsertOf("a")]), new DeltaBuilder().Insert("a").Retain(3).Chop().Build());
        Assert.Equal(new Delta([DeltaOp.InsertOf("a"), DeltaOp.RetainOf(3, Bold)]), new DeltaBuilder().Insert("a").Retain(3, Bold).Chop().Build());
    }

    [Fact]
    public void Many_small_inserts_merge_into_one_op()
    {
        var builder = new DeltaBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            builder.Insert("x");
        }

        var delta = builder.Build();

        Assert.Single(delta.Ops);
        Assert.Equal(100_000, delta.Length());
    }

    [Fact]
    public void Lengths_text_and_document_test()
    {
        var doc = new DeltaBuilder().Insert("ab😀", Bold).Insert("\n").Build();
        var change = new DeltaBuilder().Retain(2).Insert("xyz").Delete(3).Retain(1, Bold).Build();

        Assert.Equal(5, doc.Length());
        Assert.Equal("ab😀\n", doc.ToPlainText());
        Assert.True(doc.IsDocument);
        Assert.True(Delta.Empty.IsDocument);
        Assert.False(change.IsDocument);
        Assert.Equal(9, change.Length());
        Assert.Equal(0, change.ChangeLength());
        Assert.Equal(6, change.BaseLength());
        Assert.Equal("xyz", change.ToPlainText());
    }

    [Fact]
    public void BaseLength_saturates_instead_of_overflowing()
    {
        var change = new Delta([DeltaOp.RetainOf(int.MaxValue), DeltaOp.DeleteOf(int.MaxValue)]);

        Assert.Equal(int.MaxValue, change.BaseLength());
    }

    [Fact]
    public void Slice_splits_ops_at_the_bounds()
    {
        var delta = new DeltaBuilder().Insert("abc", Bold).Retain(3).Delete(2).Insert("de").Build();

        Assert.Equal(new Delta([DeltaOp.InsertOf("bc", Bold), DeltaOp.RetainOf(1)]), delta.Slice(1, 4));
        Assert.Equal(new Delta([DeltaOp.InsertOf("de"), DeltaOp.DeleteOf(2)]), delta.Slice(6));
        Assert.Equal(Delta.Empty, delta.Slice(2, 2));
    }

    [Fact]
    public void Concat_pushes_the_first_op_and_appends_the_rest()
    {
        var a = new DeltaBuilder().Insert("a", Bold).Build();
        var b = new Delta([DeltaOp.InsertOf("b", Bold), DeltaOp.InsertOf("c"), DeltaOp.InsertOf("d")]);

        Assert.Equal(new Delta([DeltaOp.InsertOf("ab", Bold), DeltaOp.InsertOf("c"), DeltaOp.InsertOf("d")]), a.Concat(b));
    }

    [Fact]
    public void Attribute_maps_are_sorted_immutable_values()
    {
        var map = AttributeMap.Of(("z", "1"), ("a", "\"x\""));

        Assert.Equal(["a", "z"], map.Select(e => e.Key));
        Assert.Equal(AttributeMap.Of(("a", "\"x\""), ("m", null), ("z", "1")), map.With("m", null));
        Assert.Equal(AttributeMap.Of(("z", "1")), map.Without("a"));
        Assert.True(map.TryGetValue("a", out var value));
        Assert.Equal("\"x\"", value);
        Assert.Equal(2, map.Count);
        Assert.Throws<ArgumentException>(() => AttributeMap.Of(("a", "{}")));
        Assert.Throws<ArgumentException>(() => AttributeMap.Of(("a", "1 2")));
        Assert.Throws<ArgumentException>(() => AttributeMap.Of(("a", "1"), ("a", "2")));
    }

    [Fact]
    public void Ops_refuse_impossible_values()
    {
        Assert.Throws<ArgumentException>(() => DeltaOp.InsertOf(""));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeltaOp.RetainOf(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeltaOp.DeleteOf(-1));
    }
}
