namespace HubRealtime.Grains.Tests.Streams;

/// <summary>
/// The ordered-stream machinery used by a grain that is not a room (the way notes and polls will use it):
/// dense sequence, group commit, idempotent appends across reactivation, changes in order, publish once.
/// </summary>
[Collection(RoomClusterCollection.Name)]
public sealed class OrderedStreamTests(RoomClusterFixture fixture)
{
    private ITickerGrain NewTicker() => fixture.Grains.GetGrain<ITickerGrain>($"ticker-{Guid.NewGuid():N}");

    [Fact]
    public async Task Concurrent_appends_get_a_dense_sequence_stored_and_published_once_in_order()
    {
        var ticker = NewTicker();

        var acks = await Task.WhenAll(Enumerable.Range(1, 60).Select(i => ticker.Tick($"user-{i % 7}", $"k{i}", $"tick {i}")));

        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), acks.Select(a => a.Seq).Order());
        Assert.All(acks, a => Assert.False(a.Duplicate));
        var stored = await ticker.Read(1, 100);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), stored.Select(t => t.Seq));
        Assert.Equal(stored.Select(t => t.Seq), await ticker.Published());
        // Each ack names the event its own append stored.
        Assert.All(acks.Zip(Enumerable.Range(1, 60)), pair => Assert.Equal($"k{pair.Second}", stored[(int)pair.First.Seq - 1].ClientKey));
    }

    [Fact]
    public async Task A_resend_returns_the_original_sequence_in_flight_after_commit_and_after_reactivation()
    {
        var ticker = NewTicker();

        var racing = await Task.WhenAll(ticker.Tick("ann", "same", "first"), ticker.Tick("ann", "same", "second copy"));
        await ticker.Tick("bo", "same", "another sender, another event");
        var again = await ticker.Tick("ann", "same", "resend");
        await ticker.Deactivate();
        var afterReactivation = await ticker.Tick("ann", "same", "resend after reactivation");

        Assert.Equal([1L, 1L], racing.Select(a => a.Seq));
        Assert.Single(racing, a => a.Duplicate);
        Assert.Equal(new TickAck(1, true), again);
        Assert.Equal(new TickAck(1, true), afterReactivation);
        var stored = await ticker.Read(1, 10);
        // Whichever copy arrived first is the one stored, once.
        Assert.Equal(2, stored.Count);
        Assert.Contains(stored[0].Text, new[] { "first", "second copy" });
        Assert.Equal("another sender, another event", stored[1].Text);
    }

    [Fact]
    public async Task Changes_run_in_sequence_order_between_appends_and_a_no_op_appends_nothing()
    {
        var ticker = NewTicker();

        var results = await Task.WhenAll(
            ticker.Tick("ann", "a", "a").ContinueWith(t => t.Result.Seq),
            ticker.Amend("amended"),
            ticker.Amend(""),
            ticker.Tick("ann", "b", "b").ContinueWith(t => t.Result.Seq));

        Assert.Equal(0, results[2]);
        Assert.Equal([1L, 2L, 3L], results.Where(s => s > 0).Order());
        var stored = await ticker.Read(1, 10);
        Assert.Equal([1L, 2L, 3L], stored.Select(t => t.Seq));
        Assert.Equal(stored.Select(t => t.Seq), await ticker.Published());
        await ticker.Deactivate();
        Assert.Equal(3, (await ticker.Read(1, 10)).Count);
    }
}
