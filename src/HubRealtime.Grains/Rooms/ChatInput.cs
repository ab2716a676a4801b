using System.Text;
using System.Text.RegularExpressions;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Rooms;

/// <summary>Checks and normalizes what a caller sends into a room. Every check throws a typed error.</summary>
internal static partial class ChatInput
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ClientMessageIdPattern();

    public static void RequireCaller(Caller? caller)
    {
        if (caller is null || string.IsNullOrWhiteSpace(caller.UserId))
        {
            throw new HubRealtimeException(ErrorCodes.Unauthenticated, "The caller is not identified.");
        }
    }

    public static string ClientMessageId(string? value) =>
        value is not null && ClientMessageIdPattern().IsMatch(value)
            ? value
            : throw HubRealtimeException.Invalid(
                $"A client message id is 1 to {ChatLimits.MaxClientMessageIdLength} characters: letters, digits, '-' and '_'.");

    /// <summary>
    /// Line breaks are normalized to \n, control characters other than \n and \t are dropped (they
    /// can spoof or break rendering), and surrounding white space is trimmed.
    /// </summary>
    public static string Text(string? value)
    {
        if (value is null)
        {
            throw new HubRealtimeException(ErrorCodes.MessageEmpty, "The message is empty.");
        }
        if (value.Length > ChatLimits.MaxTextLength * 2)
        {
            // Don't spend work normalizing something that cannot fit.
            throw TooLong();
        }
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\r')
            {
                builder.Append('\n');
                if (i + 1 < value.Length && value[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (c == '\n' || c == '\t' || !char.IsControl(c))
            {
                builder.Append(c);
            }
        }
        var text = builder.ToString().Trim();
        if (text.Length == 0)
        {
            throw new HubRealtimeException(ErrorCodes.MessageEmpty, "The message is empty.");
        }
        return text.Length <= ChatLimits.MaxTextLength ? text : throw TooLong();
    }

    public static string Title(string? value)
    {
        var title = value?.Trim() ?? "";
        return title.Length is > 0 and <= ChatLimits.MaxTitleLength && !title.Any(char.IsControl)
            ? title
            : throw HubRealtimeException.Invalid($"A room title is 1 to {ChatLimits.MaxTitleLength} characters, without control characters.");
    }

    public static int PageSize(int limit) =>
        limit is >= 1 and <= ChatLimits.MaxPageSize
            ? limit
            : throw HubRealtimeException.Invalid($"A page holds 1 to {ChatLimits.MaxPageSize} messages.");

    private static HubRealtimeException TooLong() =>
        new(ErrorCodes.MessageTooLong, $"A message is at most {ChatLimits.MaxTextLength} characters.");
}
