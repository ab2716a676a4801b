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

    [GeneratedRegex("^[a-z0-9.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex NoticeTypePattern();

    /// <summary>A sequence a caller names: positive.</summary>
    public static long Seq(long seq) =>
        seq >= 1 ? seq : throw HubRealtimeException.Invalid("A message sequence is 1 or more.");

    /// <summary>1 to 16 UTF-16 units, no white space or control characters (an emoji, possibly with modifiers).</summary>
    public static string Emoji(string? value) =>
        value is { Length: > 0 and <= ChatLimits.MaxEmojiLength } && !value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            ? value
            : throw HubRealtimeException.Invalid($"A reaction is 1 to {ChatLimits.MaxEmojiLength} characters without spaces.");

    public static RoomNotice Notice(RoomNotice? notice)
    {
        if (notice?.Type is null || !NoticeTypePattern().IsMatch(notice.Type))
        {
            throw HubRealtimeException.Invalid("A notice type is 1 to 64 characters: lower-case letters, digits, '.' and '-'.");
        }
        if (notice.PayloadJson is null || notice.PayloadJson.Length > RoomNotice.MaxPayloadLength)
        {
            throw HubRealtimeException.Invalid($"A notice payload is JSON of at most {RoomNotice.MaxPayloadLength} characters.");
        }
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(notice.PayloadJson);
        }
        catch (System.Text.Json.JsonException)
        {
            throw HubRealtimeException.Invalid("A notice payload is a JSON document.");
        }
        if (notice.ActorId is { Length: 0 or > EmailAddress.MaxLength } || notice.ActorName is { Length: > ChatLimits.MaxDisplayNameLength })
        {
            throw HubRealtimeException.Invalid("A notice actor is a user id and a display name.");
        }
        return notice;
    }

    /// <summary>A user id a moderator names (a normalized e-mail when it is one).</summary>
    public static string UserId(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > EmailAddress.MaxLength || value.Any(char.IsControl))
        {
            throw HubRealtimeException.Invalid("A user id is required.");
        }
        return EmailAddress.TryNormalize(value, out var email) ? email : value;
    }

    private static HubRealtimeException TooLong() =>
        new(ErrorCodes.MessageTooLong, $"A message is at most {ChatLimits.MaxTextLength} characters.");
}
