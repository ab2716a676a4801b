using System.Diagnostics;
using System.Text.Json;
using HubRealtime.Abstractions.Notes;
using Xunit.Abstractions;

namespace HubRealtime.Grains.Tests.Notes.Conformance;

/// <summary>
/// Every operation of the C# delta against quill-delta 5.1.0 itself, on random documents and changes
/// (generate-cases.mjs, seeded): the results must be the same JSON value, case by case.
/// </summary>
public sealed class DeltaConformanceTests(QuillDeltaReference reference, ITestOutputHelper output)
    : IClassFixture<QuillDeltaReference>
{
    private const int MismatchesShown = 5;

    [Fact]
    public void Compose_matches_quill_delta() =>
        Check("compose", c => NormalizedJson.Of(D(c, "a").Compose(D(c, "b"))));

    [Fact]
    public void Transform_with_priority_matches_quill_delta() =>
        Check("transform:true", c => NormalizedJson.Of(D(c, "a").Transform(D(c, "b"), priority: true)));

    [Fact]
    public void Transform_without_priority_matches_quill_delta() =>
        Check("transform:false", c => NormalizedJson.Of(D(c, "a").Transform(D(c, "b"), priority: false)));

    [Fact]
    public void TransformPosition_with_priority_matches_quill_delta() =>
        Check("transformPosition:true", c => NormalizedJson.Of(D(c, "a").TransformPosition(c.GetProperty("index").GetInt32(), priority: true)));

    [Fact]
    public void TransformPosition_without_priority_matches_quill_delta() =>
        Check("transformPosition:false", c => NormalizedJson.Of(D(c, "a").TransformPosition(c.GetProperty("index").GetInt32(), priority: false)));

    [Fact]
    public void Invert_matches_quill_delta() =>
        Check("invert", c => NormalizedJson.Of(D(c, "a").Invert(D(c, "base"))));

    [Fact]
    public void Slice_matches_quill_delta() =>
        Check("slice", c =>
        {
            var start = c.GetProperty("start").GetInt32();
            var end = c.GetProperty("end");
            var a = D(c, "a");
            return NormalizedJson.Of(end.ValueKind == JsonValueKind.Null ? a.Slice(start) : a.Slice(start, end.GetInt32()));
        });

    [Fact]
    public void Concat_matches_quill_delta() =>
        Check("concat", c => NormalizedJson.Of(D(c, "a").Concat(D(c, "b"))));

    private static Delta D(JsonElement testCase, string name) => testCase.GetProperty(name).Deserialize<Delta>()!;

    private void Check(string kind, Func<JsonElement, string> actual)
    {
        var cases = reference.Cases(kind);
        var clock = Stopwatch.StartNew();
        var mismatches = new List<string>();
        var failed = 0;
        foreach (var testCase in cases)
        {
            string expected;
            string got;
            try
            {
                expected = NormalizedJson.Of(testCase.GetProperty("expected"));
            }
            catch (InvalidOperationException e)
            {
                // quill-delta wrote a lone surrogate: the generator cut inside an emoji.
                expected = $"unreadable expected value ({e.Message})";
            }
            try
            {
                got = actual(testCase);
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or OverflowException)
            {
                got = $"threw {e.GetType().Name}: {e.Message}";
            }
            if (got != expected)
            {
                failed++;
                if (mismatches.Count < MismatchesShown)
                {
                    mismatches.Add($"case {testCase.GetRawText()}\n  expected {expected}\n  actual   {got}");
                }
            }
        }
        output.WriteLine($"{kind}: {cases.Count} cases (seed {reference.Seed}; node generated all kinds in {reference.GenerationTime.TotalSeconds:F1} s), checked in {clock.Elapsed.TotalMilliseconds:F0} ms");

        Assert.True(cases.Count >= QuillDeltaReference.CasesPerKind, $"Only {cases.Count} '{kind}' cases were generated.");
        Assert.True(failed == 0, $"{failed} of {cases.Count} '{kind}' cases differ from quill-delta (seed {reference.Seed}); the first:\n" + string.Join("\n", mismatches));
    }
}
