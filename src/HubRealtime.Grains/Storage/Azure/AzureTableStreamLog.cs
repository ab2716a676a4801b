using Azure.Data.Tables;
using HubRealtime.Abstractions.Streams;

namespace HubRealtime.Grains.Storage.Azure;

/// <summary>
/// A stream log for any event type on Azure Table storage (or Azurite): one table per kind of stream,
/// one partition per stream, the layout of <see cref="AzureStreamTable"/>. Each event row holds the
/// indexed fields of its <see cref="StreamRecord"/> and the body (split over numbered properties when
/// longer than one property holds). At most <see cref="AzureStreamTable.MaxEventsPerTransaction"/>
/// events per append: one entity-group transaction, so every append is atomic.
/// </summary>
public sealed class AzureTableStreamLog<TEvent> : IStreamLog<TEvent> where TEvent : class, ISequenced
{
    private const string AtTicksProperty = "AtUtcTicks";
    private const string BodyProperty = "Body";
    private const int BodyChunkLength = 30_000; // a string property holds at most 32K UTF-16 units
    private const int MaxBodyChunks = 16; // with the other properties, well within an entity's 1 MiB

    /// <summary>Longest body, in UTF-16 code units.</summary>
    public const int MaxBodyLength = BodyChunkLength * MaxBodyChunks;

    private readonly AzureStreamTable _stream;
    private readonly IStreamEventCodec<TEvent> _codec;

    public AzureTableStreamLog(TableServiceClient service, string tableName, IStreamEventCodec<TEvent> codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        _stream = new AzureStreamTable(service, tableName);
        _codec = codec;
    }

    public int MaxBatchSize => AzureStreamTable.MaxEventsPerTransaction;

    public async Task<long> GetLastSeqAsync(string streamId, CancellationToken cancellationToken = default) =>
        await _stream.GetNewestSeqAsync(StreamKeys.Validate(streamId), cancellationToken).ConfigureAwait(false) ?? 0;

    public Task AppendAsync(string streamId, IReadOnlyList<TEvent> events, CancellationToken cancellationToken = default)
    {
        StreamKeys.Validate(streamId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }
        if (events.Count > MaxBatchSize)
        {
            throw new ArgumentException($"At most {MaxBatchSize} events are appended at once.", nameof(events));
        }
        var rows = events.Select(e =>
        {
            var record = _codec.Encode(e);
            var row = new TableEntity(streamId, AzureStreamTable.EventRowKey(record.Seq))
            {
                [AzureStreamTable.SeqProperty] = record.Seq,
                [AzureStreamTable.SenderIdProperty] = record.SenderId,
                [AzureStreamTable.ClientKeyProperty] = record.ClientKey,
                [AtTicksProperty] = record.At.UtcTicks,
            };
            AzureStreamTable.WriteChunked(row, BodyProperty, record.Body, BodyChunkLength, MaxBodyChunks);
            return new AzureStreamTable.NewEvent(record.Seq, row, record.ClientKey.Length > 0
                ? AzureStreamTable.IndexRow(streamId, record.Seq, record.SenderId, record.ClientKey)
                : null);
        }).ToList();
        return _stream.AppendAsync(streamId, rows, cancellationToken);
    }

    public async Task<IReadOnlyList<TEvent>> ReadRangeAsync(string streamId, long fromSeq, long toSeq, int limit, CancellationToken cancellationToken = default)
    {
        StreamKeys.Validate(streamId);
        fromSeq = Math.Max(fromSeq, 1);
        if (limit <= 0 || toSeq < fromSeq)
        {
            return [];
        }
        // Dense sequences: the first `limit` events from fromSeq are exactly [fromSeq, fromSeq + limit - 1].
        var last = fromSeq > long.MaxValue - limit ? toSeq : Math.Min(toSeq, fromSeq + limit - 1);
        var rows = await _stream.ReadRangeAsync(streamId, fromSeq, last, cancellationToken).ConfigureAwait(false);
        return [.. rows.Take(limit).Select(row => Decode(streamId, row))];
    }

    public async Task<TEvent?> FindByClientKeyAsync(string streamId, string senderId, string clientKey, CancellationToken cancellationToken = default)
    {
        StreamKeys.Validate(streamId);
        ArgumentNullException.ThrowIfNull(senderId);
        ArgumentNullException.ThrowIfNull(clientKey);
        return await _stream.FindByClientKeyAsync(streamId, senderId, clientKey, cancellationToken).ConfigureAwait(false) is { } row
            ? Decode(streamId, row)
            : null;
    }

    private TEvent Decode(string streamId, TableEntity row) => _codec.Decode(streamId, new StreamRecord(
        AzureStreamTable.ReadSeq(row),
        row.GetString(AzureStreamTable.SenderIdProperty) ?? string.Empty,
        row.GetString(AzureStreamTable.ClientKeyProperty) ?? string.Empty,
        new DateTimeOffset(row.GetInt64(AtTicksProperty) ?? 0, TimeSpan.Zero),
        AzureStreamTable.ReadChunked(row, BodyProperty, MaxBodyChunks)));
}
