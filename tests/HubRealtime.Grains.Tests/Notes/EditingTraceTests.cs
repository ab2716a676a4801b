using HubRealtime.Abstractions.Notes;
using HubRealtime.Grains.Notes;

namespace HubRealtime.Grains.Tests.Notes;

/// <summary>
/// Real editing histories (people typing papers and blog posts) replayed through the op policy and
/// NoteDocument exactly as the note grain applies ops: the result must be the recorded final text.
/// </summary>
public sealed class EditingTraceTests
{
    // Names, not paths: the theory's cases are found by name, then located at run time (a missing
    // directory fails every case instead of hiding them).
    public static TheoryData<string> TraceNames() => new(EditingTraces.Files().Select(f => Path.GetFileName(f)));

    [Fact]
    public void The_shared_traces_are_there()
    {
        var names = EditingTraces.Files().Select(Path.GetFileName).ToArray();
        Assert.Contains("automerge-paper.json.gz", names);
        Assert.Contains("seph-blog1.json.gz", names);
    }

    [Theory]
    [MemberData(nameof(TraceNames))]
    public void Replaying_a_trace_gives_its_final_text(string fileName)
    {
        var trace = EditingTrace.Load(Path.Combine(EditingTraces.Directory(), fileName));
        Assert.NotEmpty(trace.Patches);

        var document = EditingTraceReplay.Start(trace);
        EditingTraceReplay.Run(trace, document);

        Assert.Equal(trace.EndContent, document.ToPlainText());
        Assert.Equal(trace.EndContent.Length, document.Length);
        // Every character was typed by the one author: the normalized document is one stamped insert.
        var expected = new DeltaBuilder().Insert(trace.EndContent, AttributeMap.Of(("author", "\"" + EditingTraceReplay.AuthorId + "\""))).Build();
        Assert.Equal(expected, document.ToDelta());
        Assert.InRange(document.ChunkCount, document.Length / NoteDocument.MaxChunkLength, 1 + (4 * document.Length / NoteDocument.MaxChunkLength));
    }
}
