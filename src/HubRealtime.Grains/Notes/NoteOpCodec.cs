using System.Text.Encodings.Web;
using System.Text.Json;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Grains.Storage;

namespace HubRealtime.Grains.Notes;

/// <summary>
/// A note revision as a stream-log record: the sender and client key are indexed ((user, "clientId:seq"),
/// the idempotency key); the body carries the delta in Quill's JSON with non-ASCII text unescaped (an
/// Arabic paste stays its own size, not six times it).
/// </summary>
public sealed class NoteOpCodec : IStreamEventCodec<NoteOp>
{
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ClientKey(string clientId, long seq) => $"{clientId}:{seq.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public StreamRecord Encode(NoteOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        var body = new Body(op.Delta, op.AuthorName, op.ClientId, op.Seq, op.LengthAfter);
        return new StreamRecord(op.Rev, op.Author, ClientKey(op.ClientId, op.Seq), op.At, JsonSerializer.Serialize(body, Json));
    }

    public NoteOp Decode(string streamId, StreamRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var body = JsonSerializer.Deserialize<Body>(record.Body, Json) ?? throw new JsonException($"Note {streamId} revision {record.Seq} has no body.");
        return new NoteOp(record.Seq, body.D, record.SenderId, body.N, body.C, body.S, record.At, body.L);
    }

    /// <summary>Short names: a note has many small revisions.</summary>
    private sealed record Body(Delta D, string N, string C, long S, int L);
}
