using System.Text.Json;
using HubRealtime.Abstractions.Streams;
using HubRealtime.Grains.Common;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Grains.Streams;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace HubRealtime.Grains.Tests.Streams;

/// <summary>The event of a tiny stream that is not chat, to prove the stream machinery is reusable.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Tests.Tick")]
public sealed record Tick(
    [property: Id(0)] long Seq,
    [property: Id(1)] string SenderId,
    [property: Id(2)] string ClientKey,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string Text) : ISequenced;

[GenerateSerializer, Immutable, Alias("HubRealtime.Tests.TickAck")]
public sealed record TickAck([property: Id(0)] long Seq, [property: Id(1)] bool Duplicate);

[Alias("HubRealtime.Tests.ITickerGrain")]
public interface ITickerGrain : IGrainWithStringKey
{
    /// <summary>Appends a tick, idempotent by (sender, key).</summary>
    [Alias("Tick")]
    Task<TickAck> Tick(string sender, string clientKey, string text);

    /// <summary>A change run in sequence order: appends "amend" unless the text is empty (a no-op, Seq 0).</summary>
    [Alias("Amend")]
    Task<long> Amend(string text);

    [Alias("Read")]
    Task<IReadOnlyList<Tick>> Read(long fromSeq, int limit);

    /// <summary>The sequences handed to the publish callback in this activation, in order.</summary>
    [Alias("Published")]
    Task<IReadOnlyList<long>> Published();

    [Alias("Deactivate")]
    Task Deactivate();
}

/// <summary>A grain on the ordered-stream machinery with its own log kind ("ticker") in the embedded store.</summary>
[Reentrant]
public sealed class TickerGrain : Grain, ITickerGrain
{
    private readonly OrderedStream<Tick, TickAck> _stream;
    private readonly IStreamLog<Tick> _log;
    private readonly List<long> _published = [];

    public TickerGrain(SqliteDatabase database, StorageAttempts attempts, TimeProvider time, ILogger<TickerGrain> logger)
    {
        _log = new SqliteStreamLog<Tick>(database, "ticker", new TickCodec());
        _stream = new(this.GetPrimaryKeyString(), _log, attempts, time, logger,
            toAck: t => new TickAck(t.Seq, Duplicate: false),
            published: events => _published.AddRange(events.Select(e => e.Seq)),
            foreignWriter: DeactivateOnIdle);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _stream.LoadHeadAsync(cancellationToken);

    public async Task<TickAck> Tick(string sender, string clientKey, string text)
    {
        if (_stream.Known(sender, clientKey) is { } known)
        {
            return (await known) with { Duplicate = true };
        }
        var appended = await _stream.AppendAsync(sender, clientKey, (seq, at) => new Tick(seq, sender, clientKey, at, text));
        return new TickAck(appended.Event.Seq, appended.Duplicate);
    }

    public async Task<long> Amend(string text)
    {
        var change = await _stream.ChangeAsync((seq, at, _) =>
        {
            if (text.Length == 0)
            {
                return Task.FromResult<StreamChange<Tick>?>(null);
            }
            var amend = new Tick(seq, "#amend", "", at, text);
            return Task.FromResult<StreamChange<Tick>?>(new StreamChange<Tick>(amend, [], token => _log.AppendAsync(this.GetPrimaryKeyString(), [amend], token)));
        });
        return change?.Appended.Seq ?? 0;
    }

    public Task<IReadOnlyList<Tick>> Read(long fromSeq, int limit) => _stream.ReadAsync(fromSeq, _stream.LastSeq, limit);

    public Task<IReadOnlyList<long>> Published() => Task.FromResult<IReadOnlyList<long>>([.. _published]);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private sealed class TickCodec : IStreamEventCodec<Tick>
    {
        public StreamRecord Encode(Tick e) => new(e.Seq, e.SenderId, e.ClientKey, e.At, JsonSerializer.Serialize(e.Text));

        public Tick Decode(string streamId, StreamRecord r) => new(r.Seq, r.SenderId, r.ClientKey, r.At, JsonSerializer.Deserialize<string>(r.Body)!);
    }
}
