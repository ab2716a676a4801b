using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using HubRealtime.Abstractions.Errors;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// Text that is not valid UTF-16 (a lone surrogate such as "\ud800") fails SignalR's argument binding
/// before any hub filter runs, and the client gets an uncoded "Failed to invoke". So the hub's JSON
/// reads such a string as <see cref="Invalid"/> instead, and <see cref="HubErrorFilter"/> refuses any
/// call with an invalid string argument as invalid_argument, before the hub method or a grain sees it.
/// </summary>
internal static class HubText
{
    /// <summary>Stands for a JSON string that is not valid UTF-16: a lone high surrogate, itself invalid.</summary>
    public const string Invalid = "\ud800";

    /// <summary>The string properties of each argument type (e.g. SendMessageRequest), looked up once per type.</summary>
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> StringProperties = new();

    /// <summary>Checks string arguments and the string properties of object arguments (one level: the hub's requests are flat).</summary>
    public static void RequireValidArguments(IReadOnlyList<object?> arguments)
    {
        foreach (var argument in arguments)
        {
            var valid = argument switch
            {
                null => true,
                string text => IsValid(text),
                _ when argument.GetType().IsPrimitive => true,
                _ => StringProperties.GetOrAdd(argument.GetType(), type => [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                        .Where(p => p.PropertyType == typeof(string) && p.GetIndexParameters().Length == 0)])
                    .All(p => p.GetValue(argument) is not string text || IsValid(text)),
            };
            if (!valid)
            {
                throw HubRealtimeException.Invalid("Text must be valid Unicode (no lone surrogate code units).");
            }
        }
    }

    /// <summary>True when every surrogate is part of a high-low pair.</summary>
    public static bool IsValid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Reads strings as System.Text.Json does, except that invalid UTF-16 becomes <see cref="Invalid"/> instead of a binding failure.</summary>
    public sealed class Converter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            try
            {
                return reader.GetString();
            }
            catch (InvalidOperationException) when (reader.TokenType == JsonTokenType.String)
            {
                return Invalid;
            }
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
