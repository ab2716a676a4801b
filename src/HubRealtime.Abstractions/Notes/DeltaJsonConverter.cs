using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// Reads and writes a delta as <c>{"ops":[...]}</c>. Strict (see <see cref="DeltaOpJsonConverter"/>):
/// the object must hold exactly the key "ops" with an array of ops. Ops are kept as read, not normalized.
/// </summary>
public sealed class DeltaJsonConverter : JsonConverter<Delta>
{
    public override Delta Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A delta must be a JSON object {{\"ops\":[...]}}, not {reader.TokenType}.");
        }
        List<DeltaOp>? ops = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = AttributeJson.ReadString(ref reader, "key of a delta");
            if (name != "ops")
            {
                throw new JsonException($"A delta has no key '{name}' (only ops).");
            }
            if (ops is not null)
            {
                throw new JsonException("A delta gives 'ops' twice.");
            }
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"A delta's ops must be an array, not {reader.TokenType}.");
            }
            ops = [];
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                ops.Add(DeltaOpJsonConverter.ReadOp(ref reader));
            }
        }
        return ops is null ? throw new JsonException("A delta must have an 'ops' array.") : Delta.FromOwnedArray([.. ops]);
    }

    public override void Write(Utf8JsonWriter writer, Delta value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteStartArray("ops");
        foreach (var op in value.OpArray)
        {
            DeltaOpJsonConverter.WriteOp(writer, op);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
