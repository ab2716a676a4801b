using HubRealtime.Abstractions.Rooms;
using HubRealtime.Server.Realtime;

namespace HubRealtime.Server.Tests;

/// <summary>The per-silo ordering rules: each message once, in sequence order, whatever the arrival order.</summary>
public sealed class RoomFeedTests
{
    private static ChatMessage M(long seq) => new("r", seq, $"c{seq}", "u", "U", $"#{seq}", DateTimeOffset.UnixEpoch);

    private static IEnumerable<long> Seqs(IEnumerable<ChatMessage> messages) => messages.Select(m => m.Seq);

    [Fact]
    public void Messages_before_the_start_is_known_wait_and_those_already_stored_at_subscription_are_dropped()
    {
        var feed = new OrderedFeed<ChatMessage>("r");

        Assert.Empty(feed.Accept([M(5), M(6)]));
        Assert.Equal([6L], Seqs(feed.StartAt(5)));
        Assert.Equal(6, feed.Delivered);
    }

    [Fact]
    public void Out_of_order_arrivals_are_released_in_order_once_the_gap_closes()
    {
        var feed = new OrderedFeed<ChatMessage>("r");
        feed.StartAt(0);

        Assert.Equal([1L], Seqs(feed.Accept([M(1)])));
        Assert.Empty(feed.Accept([M(3), M(4)]));
        Assert.True(feed.HasGap);
        Assert.Equal([2L, 3L, 4L], Seqs(feed.Accept([M(2)])));
        Assert.False(feed.HasGap);
    }

    [Fact]
    public void Duplicates_are_dropped()
    {
        var feed = new OrderedFeed<ChatMessage>("r");
        feed.StartAt(0);
        feed.Accept([M(1), M(2)]);

        Assert.Empty(feed.Accept([M(1), M(2)]));
        Assert.Equal([3L], Seqs(feed.Accept([M(2), M(3), M(3)])));
    }
}
