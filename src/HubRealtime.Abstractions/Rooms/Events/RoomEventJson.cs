using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubRealtime.Abstractions.Rooms;

/// <summary>
/// How room events look in JSON on the wire (SignalR JSON protocol, HTTP): camelCase, enums as camelCase
/// strings, payloads and notice bodies tagged with a <c>type</c> property. The server and the .NET client
/// configure their serializers with this, so both sides agree.
/// </summary>
public static class RoomEventJson
{
    /// <summary>Options for reading and writing room events on their own (tests, tools).</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Sets camelCase names and string enums on <paramref name="options"/>; returns it.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        }
        return options;
    }
}
