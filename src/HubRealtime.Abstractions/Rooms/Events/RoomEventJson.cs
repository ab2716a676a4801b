using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubRealtime.Abstractions.Rooms;

/// <summary>
/// How the hub and the HTTP API look in JSON (room events included): camelCase, enums as camelCase strings
/// (numbers refused), payloads and notice bodies tagged with a <c>type</c> property. The server's hub and
/// API and the .NET clients configure their serializers with this one method, so every side agrees.
/// </summary>
public static class RoomEventJson
{
    /// <summary>Options for reading and writing room events on their own (tests, tools).</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Sets camelCase names and string enums (numbers refused) on <paramref name="options"/>; returns it.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        }
        return options;
    }
}
