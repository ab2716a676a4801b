using System.Text.Json;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Notes;

/// <summary>
/// The formats a note may carry (notes-protocol: the allowed attributes) and the values each allows.
/// Values arrive as canonical JSON text (<see cref="AttributeMap"/>), so fixed values compare as text.
/// </summary>
internal static class NoteAttributeRules
{
    public const string Author = "author";

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "bold", "italic", "underline", "strike", "blockquote", "code", "code-block",
    };

    private static readonly Dictionary<string, string[]> Choices = new(StringComparer.Ordinal)
    {
        ["header"] = ["1", "2", "3"],
        ["list"] = ["\"ordered\"", "\"bullet\""],
        ["align"] = ["\"right\"", "\"center\"", "\"justify\""],
        ["direction"] = ["\"rtl\""],
    };

    private static readonly string[] LinkSchemes = ["http", "https", "mailto"];

    /// <summary>
    /// The client's attributes without <c>author</c> (the server stamps it), each checked; null when none
    /// are left. Null values (removals) are allowed in retains only.
    /// </summary>
    public static AttributeMap? Check(AttributeMap? attributes, bool isInsert, int opIndex)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return null;
        }
        foreach (var (key, json) in attributes)
        {
            if (key == Author)
            {
                continue;
            }
            if (json is null)
            {
                if (isInsert)
                {
                    throw HubRealtimeException.Invalid($"op {opIndex}: attribute '{key}' is null in an insert; null removes a format in a retain only.");
                }
                if (!IsKnown(key))
                {
                    throw NotAllowed(key, opIndex);
                }
                continue;
            }
            if (json.Length > NoteLimits.MaxAttributeValueLength)
            {
                throw HubRealtimeException.Invalid($"op {opIndex}: attribute '{key}' is longer than {NoteLimits.MaxAttributeValueLength} characters.");
            }
            CheckValue(key, json, opIndex);
        }
        var kept = attributes.Without(Author);
        return kept.Count > 0 ? kept : null;
    }

    private static bool IsKnown(string key) => Flags.Contains(key) || Choices.ContainsKey(key) || key == "link";

    private static void CheckValue(string key, string json, int opIndex)
    {
        if (Flags.Contains(key))
        {
            if (json != "true")
            {
                throw HubRealtimeException.Invalid($"op {opIndex}: attribute '{key}' must be true (or null in a retain), not {json}.");
            }
        }
        else if (Choices.TryGetValue(key, out var allowed))
        {
            if (Array.IndexOf(allowed, json) < 0)
            {
                throw HubRealtimeException.Invalid($"op {opIndex}: attribute '{key}' must be one of {string.Join(", ", allowed)}, not {json}.");
            }
        }
        else if (key == "link")
        {
            CheckLink(json, opIndex);
        }
        else
        {
            throw NotAllowed(key, opIndex);
        }
    }

    private static void CheckLink(string json, int opIndex)
    {
        var link = json.StartsWith('"') ? JsonSerializer.Deserialize<string>(json) : null;
        if (string.IsNullOrEmpty(link))
        {
            throw HubRealtimeException.Invalid($"op {opIndex}: a link must be a non-empty string, not {json}.");
        }
        // Controls and surrounding blanks are what browsers strip before reading the scheme: refuse them
        // rather than store a link whose meaning depends on who parses it.
        if (link.AsSpan().ContainsAnyInRange('\0', '\u001F') || link.Contains('\u007F', StringComparison.Ordinal)
            || char.IsWhiteSpace(link[0]) || char.IsWhiteSpace(link[^1]))
        {
            throw HubRealtimeException.Invalid($"op {opIndex}: a link may not hold control characters nor start or end with a blank.");
        }
        var scheme = link.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? link[..colon] : "";
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri)
            || Array.IndexOf(LinkSchemes, uri.Scheme) < 0
            || !string.Equals(scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw HubRealtimeException.Invalid($"op {opIndex}: a link must be an absolute http, https or mailto address.");
        }
    }

    private static HubRealtimeException NotAllowed(string key, int opIndex) =>
        HubRealtimeException.Invalid($"op {opIndex}: attribute '{key}' is not allowed in notes.");
}
