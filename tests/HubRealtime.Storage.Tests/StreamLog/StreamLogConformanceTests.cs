using HubRealtime.Grains.Storage;

namespace HubRealtime.Storage.Tests.StreamLog;

/// <summary>
/// The contract of the generic <see cref="IStreamLog{TEvent}"/> (what a note's op log and a poll's event
/// log will be stored in), written once and run against every provider with a non-chat event type.
/// </summary>
public abstract class StreamLogConformanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset BaseTime = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero).AddTicks(7_654_321);

    protected IStreamLog<TickEvent> Log { get; private set; } = null!;

    /// <summary>Opens the log of kind <paramref name="kind"/>; opening again after <see cref="CloseAsync"/> must see the same data.</summary>
    protected abstract Task<IStreamLog<TickEvent>> OpenAsync(string kind);

    protected abstract Task CloseAsync();

    public async Task InitializeAsync() => Log = await OpenAsync("tick");

    public virtual Task DisposeAsync() => CloseAsync();

    private static string NewStream(string label) => $"{label}-{Guid.NewGuid():N}";

    private static TickEvent Tick(string stream, long seq, string sender = "ann", string? key = null, string? text = null) =>
        new(stream, seq, sender, key ?? $"k{seq}", BaseTime.AddSeconds(seq), text ?? $"tick {seq}");

    [Fact]
    public async Task An_empty_stream_has_last_seq_zero_and_nothing_to_read_or_find()
    {
        var stream = NewStream("empty");

        Assert.Equal(0, await Log.GetLastSeqAsync(stream));
        Assert.Empty(await Log.ReadRangeAsync(stream, 1, long.MaxValue, 10));
        Assert.Null(await Log.FindByClientKeyAsync(stream, "ann", "k1"));
    }

    [Fact]
    public async Task Appends_read_back_in_order_with_every_field_after_a_reopen()
    {
        var stream = NewStream("order");
        TickEvent[] first = [Tick(stream, 1), Tick(stream, 2, "bo"), Tick(stream, 3, key: "")];
        TickEvent[] second = [Tick(stream, 4, text: "ünïcødé ✓ 中文")];

        await Log.AppendAsync(stream, first);
        await Log.AppendAsync(stream, second);
        await CloseAsync();
        Log = await OpenAsync("tick");

        Assert.Equal(4, await Log.GetLastSeqAsync(stream));
        Assert.Equal([.. first, .. second], await Log.ReadRangeAsync(stream, 1, 100, 100));
        Assert.Equal([first[1], first[2]], await Log.ReadRangeAsync(stream, 2, 3, 100));
        Assert.Equal([first[0], first[1]], await Log.ReadRangeAsync(stream, 1, 100, 2));
        Assert.Equal(first[1], await Log.FindByClientKeyAsync(stream, "bo", "k2"));
        Assert.Null(await Log.FindByClientKeyAsync(stream, "ann", "k2"));
        Assert.Null(await Log.FindByClientKeyAsync(stream, "ann", ""));
    }

    [Fact]
    public async Task A_taken_sequence_or_client_key_stores_nothing_of_the_batch()
    {
        var stream = NewStream("conflict");
        await Log.AppendAsync(stream, [Tick(stream, 1), Tick(stream, 2)]);

        await Assert.ThrowsAnyAsync<StreamLogConflictException>(() => Log.AppendAsync(stream, [Tick(stream, 3), Tick(stream, 2, key: "new")]));
        await Assert.ThrowsAnyAsync<StreamLogConflictException>(() => Log.AppendAsync(stream, [Tick(stream, 3), Tick(stream, 4, key: "k1")]));
        await Assert.ThrowsAnyAsync<StreamLogConflictException>(() => Log.AppendAsync(stream, [Tick(stream, 3, key: "x"), Tick(stream, 4, key: "x")]));

        Assert.Equal(2, await Log.GetLastSeqAsync(stream));
        Assert.Null(await Log.FindByClientKeyAsync(stream, "ann", "k3"));
        Assert.Null(await Log.FindByClientKeyAsync(stream, "ann", "x"));
    }

    [Fact]
    public async Task Streams_and_kinds_are_apart()
    {
        var stream = NewStream("apart");
        var other = await OpenAsync("tock");
        await Log.AppendAsync(stream, [Tick(stream, 1)]);

        // Same stream id and client key in another kind of stream, and another stream of this kind: both free.
        await other.AppendAsync(stream, [Tick(stream, 1, text: "tock")]);
        await Log.AppendAsync(stream + "b", [Tick(stream + "b", 1)]);

        Assert.Equal("tick 1", Assert.Single(await Log.ReadRangeAsync(stream, 1, 10, 10)).Text);
        Assert.Equal("tock", (await other.FindByClientKeyAsync(stream, "ann", "k1"))!.Text);
    }

    [Fact]
    public async Task A_long_stream_keeps_last_seq_reads_and_lookups_exact()
    {
        var stream = NewStream("long");
        var all = Enumerable.Range(1, 600).Select(i => Tick(stream, i)).ToList();
        foreach (var batch in all.Chunk(Log.MaxBatchSize))
        {
            await Log.AppendAsync(stream, batch);
        }

        Assert.Equal(600, await Log.GetLastSeqAsync(stream));
        Assert.Equal(all[550..560], await Log.ReadRangeAsync(stream, 551, 560, 100));
        Assert.Equal(all[3], await Log.FindByClientKeyAsync(stream, "ann", "k4"));
    }

    [Fact]
    public async Task A_large_body_round_trips()
    {
        var stream = NewStream("large");
        var text = string.Concat(Enumerable.Repeat("0123456789abcdef", 10_000)); // 160,000 characters
        await Log.AppendAsync(stream, [Tick(stream, 1, text: text)]);

        Assert.Equal(text, Assert.Single(await Log.ReadRangeAsync(stream, 1, 1, 1)).Text);
    }

    [Fact]
    public async Task A_malformed_stream_id_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Log.GetLastSeqAsync("a/b"));
        await Assert.ThrowsAsync<ArgumentException>(() => Log.AppendAsync("", [Tick("", 1)]));
    }
}
