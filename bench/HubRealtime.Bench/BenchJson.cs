using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubRealtime.Bench;

/// <summary>JSON between the meeting scenario's processes; NaN allowed (an empty histogram has no percentiles).</summary>
internal static class BenchJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException("empty JSON");
}
