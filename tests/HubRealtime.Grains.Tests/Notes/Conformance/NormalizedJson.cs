using System.Text;
using System.Text.Json;

namespace HubRealtime.Grains.Tests.Notes.Conformance;

/// <summary>
/// JSON text with object keys sorted ordinally and strings escaped one way, so that quill-delta's output and
/// ours compare equal exactly when they are the same JSON value (key order and escaping aside).
/// </summary>
internal static class NormalizedJson
{
    public static string Of(JsonElement element)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, element);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string Of<T>(T value) => Of(JsonSerializer.SerializeToElement(value));

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                writer.WriteRawValue(element.GetRawText());
                break;
        }
    }
}
