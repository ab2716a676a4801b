namespace HubRealtime.Grains.Storage;

/// <summary>
/// One event as the generic stream logs store it: the fields they index (sequence, sender and client
/// key for idempotency, time) and the event itself as an opaque body (JSON, chosen by the codec).
/// <see cref="ClientKey"/> is empty for events sent without one (they are not indexed).
/// </summary>
public sealed record StreamRecord(long Seq, string SenderId, string ClientKey, DateTimeOffset At, string Body);

/// <summary>How one kind of stream event maps to a <see cref="StreamRecord"/> and back.</summary>
public interface IStreamEventCodec<TEvent>
{
    StreamRecord Encode(TEvent streamEvent);

    TEvent Decode(string streamId, StreamRecord record);
}
