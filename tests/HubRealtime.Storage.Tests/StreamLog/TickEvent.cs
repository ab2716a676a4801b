using System.Text.Json;
using HubRealtime.Abstractions.Streams;
using HubRealtime.Grains.Storage;

namespace HubRealtime.Storage.Tests.StreamLog;

/// <summary>A tiny stream event that is not chat: proves the stream logs take any event type.</summary>
public sealed record TickEvent(string StreamId, long Seq, string SenderId, string ClientKey, DateTimeOffset At, string Text) : ISequenced;

/// <summary>Stores a tick's text as a JSON body; the indexed fields go in the record's columns.</summary>
public sealed class TickCodec : IStreamEventCodec<TickEvent>
{
    private sealed record Body(string Text);

    public StreamRecord Encode(TickEvent e) => new(e.Seq, e.SenderId, e.ClientKey, e.At, JsonSerializer.Serialize(new Body(e.Text)));

    public TickEvent Decode(string streamId, StreamRecord r) =>
        new(streamId, r.Seq, r.SenderId, r.ClientKey, r.At, JsonSerializer.Deserialize<Body>(r.Body)!.Text);
}
