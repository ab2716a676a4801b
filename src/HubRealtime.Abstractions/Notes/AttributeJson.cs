using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// One canonical JSON text per scalar value, so that two attribute values are equal exactly when
/// JavaScript (lodash isEqual, ===) would call them equal: <c>2</c> and <c>2.0</c>, or <c>"A"</c> and
/// <c>"\u0041"</c>, become the same text.
/// </summary>
internal static class AttributeJson
{
    /// <summary>The canonical text of the scalar under the reader, or null for JSON null.</summary>
    /// <exception cref="JsonException">The value is an object, an array or not representable.</exception>
    public static string? Canonical(ref Utf8JsonReader reader, string key)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.String:
                return CanonicalString(ReadString(ref reader, $"attribute '{key}'"));
            case JsonTokenType.Number:
                if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    throw new JsonException($"Attribute '{key}' is a number outside the range of a double.");
                }
                return CanonicalNumber(number);
            default:
                throw new JsonException($"Attribute '{key}' must be a string, number, boolean or null, not {reader.TokenType}.");
        }
    }

    /// <summary>Canonicalizes the JSON text of one scalar given by a caller (<see cref="AttributeMap.Of"/>).</summary>
    /// <exception cref="ArgumentException">The text is not exactly one JSON scalar.</exception>
    public static string? CanonicalText(string key, string json)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            if (!reader.Read())
            {
                throw new JsonException("empty");
            }
            var canonical = Canonical(ref reader, key);
            if (reader.Read())
            {
                throw new JsonException("more than one value");
            }
            return canonical;
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Attribute '{key}' is not one JSON scalar ({json}): {e.Message}", nameof(json), e);
        }
    }

    /// <summary>Reads a string token, refusing lone surrogates (System.Text.Json cannot carry them).</summary>
    public static string ReadString(ref Utf8JsonReader reader, string what)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException($"The {what} is not well-formed UTF-16 (a lone surrogate).", e);
        }
    }

    public static string CanonicalString(string value) => "\"" + JsonEncodedText.Encode(value).ToString() + "\"";

    // Shortest round-trip form; JavaScript numbers are doubles, and -0 equals 0 there.
    private static string CanonicalNumber(double number) =>
        number == 0 ? "0" : number.ToString("R", CultureInfo.InvariantCulture);
}
