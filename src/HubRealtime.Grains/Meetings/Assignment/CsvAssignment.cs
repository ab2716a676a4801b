using System.Globalization;
using System.Text;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Grains.Meetings.Assignment;

/// <summary>
/// Pre-assignment from an uploaded CSV: "email,room" lines, the room given by its name
/// (case-insensitive) or its 1-based number; an optional header line; blank lines ignored; fields
/// may be double-quoted. Every error names its line. The whole import is refused on the first error.
/// </summary>
public static class CsvAssignment
{
    public const int MaxLength = 256 * 1024;
    public const int MaxLines = 5000;

    public static Dictionary<string, int> Parse(string? csv, IReadOnlySet<string> participants, IReadOnlyList<string> roomNames)
    {
        if (string.IsNullOrWhiteSpace(csv))
        {
            throw HubRealtimeException.Invalid("The CSV is empty: send \"email,room\" lines.");
        }
        if (csv.Length > MaxLength)
        {
            throw HubRealtimeException.Invalid($"The CSV is larger than {MaxLength / 1024} KiB.");
        }
        var lines = csv.Split('\n');
        if (lines.Length > MaxLines)
        {
            throw HubRealtimeException.Invalid($"The CSV has more than {MaxLines} lines.");
        }
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var fields = Fields(line, number);
            if (fields.Count != 2)
            {
                throw Error(number, "expected two fields: email,room.");
            }
            var (rawEmail, rawRoom) = (fields[0].Trim(), fields[1].Trim());
            if (result.Count == 0 && IsHeader(rawEmail, rawRoom))
            {
                continue;
            }
            if (!EmailAddress.TryNormalize(rawEmail, out var email))
            {
                throw Error(number, $"'{ManualAssignment.Shorten(rawEmail)}' is not an e-mail address.");
            }
            if (!participants.Contains(email))
            {
                throw Error(number, $"'{email}' is not a participant of this meeting.");
            }
            var room = Room(rawRoom, roomNames) ?? throw Error(number, $"there is no room '{ManualAssignment.Shorten(rawRoom)}' (use a room name or a number from 1 to {roomNames.Count}).");
            if (!result.TryAdd(email, room))
            {
                throw Error(number, $"'{email}' is listed twice.");
            }
        }
        return result;
    }

    private static bool IsHeader(string email, string room) =>
        !email.Contains('@', StringComparison.Ordinal) &&
        (email.Equals("email", StringComparison.OrdinalIgnoreCase) || email.Equals("e-mail", StringComparison.OrdinalIgnoreCase)) &&
        room.Length > 0;

    private static int? Room(string value, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i].Trim(), value, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= names.Count
            ? n - 1
            : null;
    }

    /// <summary>Comma-separated fields; a field in double quotes may hold commas and doubled quotes.</summary>
    private static List<string> Fields(string line, int number)
    {
        var fields = new List<string>(2);
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        if (quoted)
        {
            throw Error(number, "a quoted field is not closed.");
        }
        fields.Add(field.ToString());
        return fields;
    }

    private static HubRealtimeException Error(int line, string problem) => HubRealtimeException.Invalid($"CSV line {line}: {problem}");
}
