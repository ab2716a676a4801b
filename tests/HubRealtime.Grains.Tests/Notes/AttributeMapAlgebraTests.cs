using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Tests.Notes;

/// <summary>quill-delta's AttributeMap functions on the examples of its README (null where it gives undefined).</summary>
public sealed class AttributeMapAlgebraTests
{
    private static AttributeMap M(params (string, string?)[] entries) => AttributeMap.Of(entries);

    [Fact]
    public void Compose_lays_b_over_a_and_drops_nulls_unless_kept()
    {
        var a = M(("bold", "true"), ("color", "\"red\""));
        var b = M(("bold", null), ("italic", "true"));

        Assert.Equal(M(("color", "\"red\""), ("italic", "true")), AttributeMap.Compose(a, b, keepNull: false));
        Assert.Equal(M(("bold", null), ("color", "\"red\""), ("italic", "true")), AttributeMap.Compose(a, b, keepNull: true));
        Assert.Null(AttributeMap.Compose(M(("bold", "true")), M(("bold", null)), keepNull: false));
        Assert.Null(AttributeMap.Compose(null, null, keepNull: true));
    }

    [Fact]
    public void Diff_names_what_changes_a_into_b()
    {
        Assert.Equal(M(("bold", null), ("italic", "true")), AttributeMap.Diff(M(("bold", "true"), ("color", "\"red\"")), M(("color", "\"red\""), ("italic", "true"))));
        Assert.Null(AttributeMap.Diff(M(("bold", "true")), M(("bold", "true"))));
        Assert.Equal(M(("bold", null)), AttributeMap.Diff(M(("bold", null)), null));
    }

    [Fact]
    public void Invert_restores_the_base()
    {
        var change = M(("bold", "true"), ("color", null), ("italic", "true"));
        var baseAttributes = M(("bold", "true"), ("color", "\"red\""), ("size", "\"large\""));

        Assert.Equal(M(("color", "\"red\""), ("italic", null)), AttributeMap.Invert(change, baseAttributes));
        Assert.Same(AttributeMap.Empty, AttributeMap.Invert(null, baseAttributes));
    }

    [Fact]
    public void Transform_lets_the_first_change_win_with_priority()
    {
        var a = M(("bold", "true"), ("color", "\"red\""));
        var b = M(("bold", null), ("italic", "true"));

        Assert.Equal(M(("italic", "true")), AttributeMap.Transform(a, b, priority: true));
        Assert.Same(b, AttributeMap.Transform(a, b, priority: false));
        Assert.Same(b, AttributeMap.Transform(null, b, priority: true));
        Assert.Null(AttributeMap.Transform(a, null, priority: false));
        Assert.Null(AttributeMap.Transform(M(("bold", "true")), M(("bold", "false")), priority: true));
    }
}
