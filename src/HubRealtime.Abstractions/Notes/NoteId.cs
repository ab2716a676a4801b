using System.Text.RegularExpressions;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// A note is named "{roomId}.{doc}": every room has the note "main" (its shared note); a working group
/// may keep more. The dot cannot occur in a room id, so the split is unambiguous, and the id is safe as
/// a grain key, a storage partition key and a SignalR group name.
/// </summary>
public static partial class NoteId
{
    /// <summary>The room's own shared note.</summary>
    public const string Main = "main";

    public const int MaxDocLength = 32;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DocPattern();

    /// <summary>The note id of <paramref name="doc"/> in <paramref name="roomId"/>, or invalid_argument.</summary>
    public static string Of(string? roomId, string? doc)
    {
        RoomId.Validate(roomId);
        if (doc is null || !DocPattern().IsMatch(doc))
        {
            throw HubRealtimeException.Invalid($"A note name is 1 to {MaxDocLength} characters: lower-case letters, digits and inner hyphens.");
        }
        return $"{roomId}.{doc}";
    }

    /// <summary>The room and the document name of a note id, or invalid_argument.</summary>
    public static (string RoomId, string Doc) Parse(string? noteId)
    {
        var dot = noteId?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0)
        {
            throw HubRealtimeException.Invalid("A note id is \"{roomId}.{doc}\".");
        }
        var roomId = noteId![..dot];
        var doc = noteId[(dot + 1)..];
        Of(roomId, doc);
        return (roomId, doc);
    }
}
