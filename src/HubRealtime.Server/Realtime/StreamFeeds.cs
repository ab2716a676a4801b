using System.Collections.Concurrent;
using HubRealtime.Abstractions.Streams;
using HubRealtime.Grains.Cluster;

namespace HubRealtime.Server.Realtime;

/// <summary>How a per-silo fan-out reaches one kind of stream's grains and this silo's connections.</summary>
/// <param name="Kind">"room", "note": for the logs.</param>
/// <param name="Subscribe">Subscribes this silo's observer to the stream's grain (or renews it); returns the stream's last sequence.</param>
/// <param name="Unsubscribe">Ends this silo's subscription.</param>
/// <param name="ReadAfter">Up to a page of events after a sequence, and the stream's last sequence (to fill gaps).</param>
/// <param name="Send">Sends events, in order, to the stream's local connections (their SignalR group).</param>
internal sealed record StreamFeedSource<T>(
    string Kind,
    Func<string, Task<long>> Subscribe,
    Func<string, Task> Unsubscribe,
    Func<string, long, Task<(IReadOnlyList<T> Events, long LastSeq)>> ReadAfter,
    Func<string, T[], Task> Send);

/// <summary>
/// The per-silo side of ordered streams, one machinery for rooms and notes (polls next): a feed per stream
/// with local connections, opened by the first and closed by the last; each committed batch from the
/// grain (a one-way notification, so possibly reordered) is put back in sequence order and sent to the
/// stream's group once, in order; gaps are filled from the grain; subscriptions are renewed on a timer and
/// at once on every membership change (a grain that lived on a dead silo restarts without its observers).
/// </summary>
internal sealed partial class StreamFeeds<T>(StreamFeedSource<T> source, TimeProvider time, MembershipChanges membership, ILogger logger)
    : IDisposable where T : ISequenced
{
    /// <summary>Well inside the grains' observer expiry, so a live silo is never dropped.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, OrderedFeed<T>> _feeds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _unsubscribing = new(StringComparer.Ordinal);
    private ITimer? _refresh;
    private IDisposable? _membershipWatch;

    /// <summary>Starts renewing the subscriptions: on a timer, and at once on every membership change.</summary>
    public void Start()
    {
        _refresh = time.CreateTimer(_ => _ = RefreshAllAsync(), null, RefreshInterval, RefreshInterval);
        _membershipWatch = membership.Register(_ => RefreshAllAsync());
    }

    public void Dispose()
    {
        _refresh?.Dispose();
        _membershipWatch?.Dispose();
    }

    /// <summary>The stream's feed subscription, started if this is its first local connection (or the last attempt failed).</summary>
    public Task Open(string streamId)
    {
        var feed = _feeds.GetOrAdd(streamId, id => new OrderedFeed<T>(id));
        lock (feed)
        {
            if (feed.Subscription is null || feed.Subscription.IsFaulted || feed.Subscription.IsCanceled)
            {
                feed.Subscription = SubscribeAsync(feed);
            }
            return feed.Subscription;
        }
    }

    /// <summary>The stream's last local connection left: forget the feed and unsubscribe.</summary>
    public void Close(string streamId)
    {
        if (_feeds.TryRemove(streamId, out _))
        {
            _unsubscribing[streamId] = UnsubscribeAsync(streamId);
        }
    }

    /// <summary>A batch the grain committed (contiguous, ascending); ignored for streams without local connections.</summary>
    public void Accept(string streamId, IReadOnlyList<T> events)
    {
        if (_feeds.TryGetValue(streamId, out var feed))
        {
            Deliver(feed, f => f.Accept(events));
        }
    }

    /// <summary>Renews every subscription; a feed behind the grain's last sequence catches up.</summary>
    public async Task RefreshAllAsync()
    {
        foreach (var feed in _feeds.Values)
        {
            try
            {
                var lastSeq = await source.Subscribe(feed.StreamId);
                bool behind;
                lock (feed)
                {
                    behind = feed.Delivered >= 0 && lastSeq > feed.Delivered && !feed.FillingGap;
                    feed.FillingGap |= behind;
                }
                if (behind)
                {
                    // The grain moved or restarted and lost this subscription: catch up.
                    _ = FillGapAsync(feed);
                }
            }
            catch (Exception error)
            {
                LogRefreshFailed(error, source.Kind, feed.StreamId);
            }
        }
    }

    private async Task SubscribeAsync(OrderedFeed<T> feed)
    {
        // A subscription must not overtake the unsubscription of an earlier feed of the same stream.
        if (_unsubscribing.TryGetValue(feed.StreamId, out var leaving))
        {
            await leaving;
        }
        var lastSeq = await source.Subscribe(feed.StreamId);
        Deliver(feed, f => f.StartAt(lastSeq));
    }

    private async Task UnsubscribeAsync(string streamId)
    {
        try
        {
            await source.Unsubscribe(streamId);
        }
        catch (Exception error)
        {
            // Harmless: the grain drops the subscription when it expires.
            LogUnsubscribeFailed(error, source.Kind, streamId);
        }
        finally
        {
            _unsubscribing.TryRemove(streamId, out _);
        }
    }

    /// <summary>Applies a change to the feed and chains the resulting send after the previous one, keeping order.</summary>
    private void Deliver(OrderedFeed<T> feed, Func<OrderedFeed<T>, T[]> change)
    {
        bool fillGap;
        lock (feed)
        {
            var ready = change(feed);
            if (ready.Length > 0)
            {
                feed.SendTail = SendAfterAsync(feed.SendTail, feed.StreamId, ready);
            }
            fillGap = feed.HasGap && feed.Delivered >= 0 && !feed.FillingGap;
            feed.FillingGap |= fillGap;
        }
        if (fillGap)
        {
            _ = FillGapAsync(feed);
        }
    }

    private async Task SendAfterAsync(Task previous, string streamId, T[] events)
    {
        await previous;
        try
        {
            await source.Send(streamId, events);
        }
        catch (Exception error)
        {
            LogSendFailed(error, source.Kind, streamId);
        }
    }

    private async Task FillGapAsync(OrderedFeed<T> feed)
    {
        try
        {
            while (true)
            {
                long from;
                lock (feed)
                {
                    from = feed.Delivered;
                }
                var (events, lastSeq) = await source.ReadAfter(feed.StreamId, from);
                Deliver(feed, f => f.Accept(events));
                lock (feed)
                {
                    if (events.Count == 0 || feed.Delivered >= lastSeq)
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception error)
        {
            LogGapFillFailed(error, source.Kind, feed.StreamId);
        }
        finally
        {
            lock (feed)
            {
                feed.FillingGap = false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Kind} {StreamId} events to its group failed")]
    private partial void LogSendFailed(Exception error, string kind, string streamId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Filling a sequence gap of {Kind} {StreamId} failed")]
    private partial void LogGapFillFailed(Exception error, string kind, string streamId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the subscription to {Kind} {StreamId} failed")]
    private partial void LogRefreshFailed(Exception error, string kind, string streamId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unsubscribing from {Kind} {StreamId} failed")]
    private partial void LogUnsubscribeFailed(Exception error, string kind, string streamId);
}
