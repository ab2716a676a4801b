using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Grains.Meetings.Assignment;

/// <summary>A facilitator's explicit list of (e-mail, room id); people not listed stay unassigned.</summary>
public static class ManualAssignment
{
    public static Dictionary<string, int> Assign(
        IReadOnlyList<(string? Email, string? RoomId)> entries, IReadOnlySet<string> participants, IReadOnlyList<string> roomIds)
    {
        if (entries.Count > participants.Count)
        {
            throw HubRealtimeException.Invalid($"At most {participants.Count} assignments (one per participant).");
        }
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (rawEmail, roomId) in entries)
        {
            if (!EmailAddress.TryNormalize(rawEmail, out var email) || !participants.Contains(email))
            {
                throw HubRealtimeException.Invalid($"'{Shorten(rawEmail)}' is not a participant of this meeting.");
            }
            var room = -1;
            for (var i = 0; i < roomIds.Count && room < 0; i++)
            {
                room = string.Equals(roomIds[i], roomId, StringComparison.Ordinal) ? i : -1;
            }
            if (room < 0)
            {
                throw HubRealtimeException.Invalid($"'{Shorten(roomId)}' is not a breakout room of this round.");
            }
            if (!result.TryAdd(email, room))
            {
                throw HubRealtimeException.Invalid($"'{email}' is assigned twice.");
            }
        }
        return result;
    }

    /// <summary>Echoes hostile input back only in a bounded, printable form.</summary>
    internal static string Shorten(string? value)
    {
        var clean = new string((value ?? "").Where(c => !char.IsControl(c)).Take(80).ToArray());
        return clean.Length < (value ?? "").Length ? clean + "…" : clean;
    }
}
