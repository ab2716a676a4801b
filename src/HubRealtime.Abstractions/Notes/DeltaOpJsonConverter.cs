using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// Reads and writes one op in Quill's format: <c>{"insert":"a","attributes":{...}}</c>,
/// <c>{"retain":3}</c>, <c>{"delete":2}</c>. Strict, and without normalizing: unknown or repeated keys,
/// zero or two of insert/retain/delete, embeds, empty inserts, counts that are not integers in
/// 1..int.MaxValue, attributes that are not an object and attributes on a delete throw a
/// <see cref="JsonException"/>.
/// </summary>
public sealed class DeltaOpJsonConverter : JsonConverter<DeltaOp>
{
    private static readonly AttributeMapJsonConverter AttributeMapConverter = new();

    public override DeltaOp Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadOp(ref reader);

    public override void Write(Utf8JsonWriter writer, DeltaOp value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        WriteOp(writer, value);
    }

    internal static void WriteOp(Utf8JsonWriter writer, DeltaOp op)
    {
        writer.WriteStartObject();
        if (op.IsInsert)
        {
            writer.WriteString("insert", op.Insert);
        }
        else if (op.IsRetain)
        {
            writer.WriteNumber("retain", op.Retain);
        }
        else
        {
            writer.WriteNumber("delete", op.Delete);
        }
        if (op.Attributes is { } attributes)
        {
            writer.WritePropertyName("attributes");
            AttributeMapConverter.Write(writer, attributes, JsonSerializerOptions.Default);
        }
        writer.WriteEndObject();
    }

    internal static DeltaOp ReadOp(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"An op must be a JSON object, not {reader.TokenType}.");
        }
        string? insert = null;
        int? retain = null;
        int? delete = null;
        AttributeMap? attributes = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = AttributeJson.ReadString(ref reader, "key of an op");
            reader.Read();
            switch (name)
            {
                case "insert":
                    Once(ref seen, 1, name);
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException($"An insert must be a string (embeds are not supported), not {reader.TokenType}.");
                    }
                    insert = AttributeJson.ReadString(ref reader, "insert");
                    if (insert.Length == 0)
                    {
                        throw new JsonException("An insert must not be empty.");
                    }
                    break;
                case "retain":
                    Once(ref seen, 2, name);
                    retain = ReadCount(ref reader, name);
                    break;
                case "delete":
                    Once(ref seen, 4, name);
                    delete = ReadCount(ref reader, name);
                    break;
                case "attributes":
                    Once(ref seen, 8, name);
                    attributes = AttributeMapJsonConverter.ReadMap(ref reader);
                    break;
                default:
                    throw new JsonException($"An op has no key '{name}' (only insert, retain, delete and attributes).");
            }
        }
        var kinds = (insert is null ? 0 : 1) + (retain is null ? 0 : 1) + (delete is null ? 0 : 1);
        if (kinds != 1)
        {
            throw new JsonException($"An op must have exactly one of insert, retain and delete (it has {kinds}).");
        }
        if (delete is { } deleted)
        {
            return attributes is null ? DeltaOp.DeleteOf(deleted) : throw new JsonException("A delete cannot carry attributes.");
        }
        return insert is not null ? DeltaOp.InsertOf(insert, attributes) : DeltaOp.RetainOf(retain!.Value, attributes);
    }

    private static void Once(ref int seen, int bit, string name)
    {
        if ((seen & bit) != 0)
        {
            throw new JsonException($"An op gives '{name}' twice.");
        }
        seen |= bit;
    }

    private static int ReadCount(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var count) || count <= 0)
        {
            throw new JsonException($"A {name} must be an integer from 1 to {int.MaxValue} (embeds are not supported).");
        }
        return count;
    }
}
