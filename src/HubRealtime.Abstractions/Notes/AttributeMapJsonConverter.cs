using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// Reads and writes an attribute map as a JSON object of scalars. Strict: objects and arrays as values,
/// empty or over-long keys, repeated keys and more than <see cref="DeltaJsonLimits.MaxAttributesPerOp"/>
/// entries are refused with a <see cref="JsonException"/>.
/// </summary>
public sealed class AttributeMapJsonConverter : JsonConverter<AttributeMap>
{
    public override AttributeMap Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadMap(ref reader);

    public override void Write(Utf8JsonWriter writer, AttributeMap value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var (key, json) in value)
        {
            writer.WritePropertyName(key);
            if (json is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteRawValue(json, skipInputValidation: true);
            }
        }
        writer.WriteEndObject();
    }

    internal static AttributeMap ReadMap(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Attributes must be a JSON object, not {reader.TokenType}.");
        }
        var entries = new SortedList<string, string?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = AttributeJson.ReadString(ref reader, "attribute key");
            if (key.Length == 0 || key.Length > DeltaJsonLimits.MaxAttributeKeyLength)
            {
                throw new JsonException($"An attribute key must be 1 to {DeltaJsonLimits.MaxAttributeKeyLength} characters long (got {key.Length}).");
            }
            if (entries.Count == DeltaJsonLimits.MaxAttributesPerOp)
            {
                throw new JsonException($"An op may carry at most {DeltaJsonLimits.MaxAttributesPerOp} attributes.");
            }
            reader.Read();
            var value = AttributeJson.Canonical(ref reader, key);
            if (!entries.TryAdd(key, value))
            {
                throw new JsonException($"Attribute '{key}' is given twice.");
            }
        }
        return AttributeMap.FromSorted(entries);
    }
}
