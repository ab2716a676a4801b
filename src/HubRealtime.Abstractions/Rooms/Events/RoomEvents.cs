using System.Text.Json;

namespace HubRealtime.Abstractions.Rooms;

/// <summary>
/// Turns a stored row of a room's log (<see cref="ChatMessage"/>, the storage format of every release so
/// far) into its typed <see cref="RoomEvent"/>, and a typed notice into the JSON that is stored. Notice
/// payloads are stored as camelCase JSON without a type property (as every release wrote them), so rows
/// written before typed events read back typed.
/// </summary>
public static class RoomEvents
{
    // Web defaults (camelCase, case-insensitive) as the notices were always written; a payload that lacks a
    // required field or holds null where the type says none reads as OtherNotice rather than half a notice.
    private static readonly JsonSerializerOptions NoticeJson = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private static readonly Dictionary<string, Type> NoticeBodyTypes = new(StringComparer.Ordinal)
    {
        [RoomNoticeTypes.BreakoutsDraft] = typeof(BreakoutsDraftNotice),
        [RoomNoticeTypes.BreakoutsAssigned] = typeof(BreakoutsAssignedNotice),
        [RoomNoticeTypes.BreakoutsOpened] = typeof(BreakoutsOpenedNotice),
        [RoomNoticeTypes.BreakoutsMoved] = typeof(BreakoutsMovedNotice),
        [RoomNoticeTypes.BreakoutsChosen] = typeof(BreakoutsChosenNotice),
        [RoomNoticeTypes.BreakoutsExtended] = typeof(BreakoutsExtendedNotice),
        [RoomNoticeTypes.BreakoutsWarning] = typeof(BreakoutsWarningNotice),
        [RoomNoticeTypes.BreakoutsClosing] = typeof(BreakoutsClosingNotice),
        [RoomNoticeTypes.BreakoutsClosed] = typeof(BreakoutsClosedNotice),
        [RoomNoticeTypes.Broadcast] = typeof(BroadcastNotice),
        [RoomNoticeTypes.HelpRequested] = typeof(HelpRequestedNotice),
        [RoomNoticeTypes.HelpResolved] = typeof(HelpResolvedNotice),
        [RoomNoticeTypes.MeetingRoster] = typeof(MeetingRosterNotice),
        [RoomNoticeTypes.ParticipantMuted] = typeof(ParticipantMutedNotice),
        [RoomNoticeTypes.ParticipantUnmuted] = typeof(ParticipantUnmutedNotice),
    };

    /// <summary>The typed event of a stored row.</summary>
    public static RoomEvent FromRow(ChatMessage row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.RoomId, row.Seq, row.Kind, row.SentAt, new EventActor(row.SenderId, row.SenderName), Payload(row));
    }

    /// <summary>The typed events of stored rows, in the same order.</summary>
    public static RoomEvent[] FromRows(IReadOnlyList<ChatMessage> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var events = new RoomEvent[rows.Count];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = FromRow(rows[i]);
        }
        return events;
    }

    private static RoomEventPayload Payload(ChatMessage row) => row.Kind switch
    {
        RoomEventKind.Message => new MessagePayload(row.ClientMessageId, row.Text, row.ReplyToSeq, row.EditedAt, row.Deleted, row.Reactions,
            row.Deleted ? [] : row.Mentions),
        RoomEventKind.Edit => new EditPayload(Target(row), row.Text),
        RoomEventKind.Delete => new DeletePayload(Target(row)),
        // The row keeps the emoji and the list after the change: the actor in the list means it was an add.
        RoomEventKind.Reaction => new ReactionPayload(Target(row), row.Text,
            row.Reactions.Any(r => r.Emoji == row.Text && r.UserIds.Contains(row.SenderId, StringComparer.Ordinal)), row.Reactions),
        RoomEventKind.Notice => new NoticePayload(row.NoticeType ?? "", ParseNotice(row.NoticeType, row.Text)),
        _ => throw new InvalidDataException($"Event {row.Seq} of room '{row.RoomId}' has unknown kind {(int)row.Kind}."),
    };

    private static long Target(ChatMessage row) =>
        row.TargetSeq ?? throw new InvalidDataException($"{row.Kind} event {row.Seq} of room '{row.RoomId}' names no target.");

    /// <summary>The typed body of a stored notice payload; <see cref="OtherNotice"/> for an unknown type or a payload that does not fit it.</summary>
    public static RoomNoticeBody ParseNotice(string? noticeType, string json)
    {
        if (noticeType is not null && NoticeBodyTypes.TryGetValue(noticeType, out var type))
        {
            try
            {
                if (JsonSerializer.Deserialize(json, type, NoticeJson) is RoomNoticeBody body)
                {
                    return body;
                }
            }
            catch (JsonException)
            {
                // Not this type's shape: kept as is below.
            }
        }
        return new OtherNotice(json);
    }

    /// <summary>The notice type of a typed body (null for <see cref="OtherNotice"/>, which has none of its own).</summary>
    public static string? NoticeTypeOf(RoomNoticeBody body) =>
        NoticeBodyTypes.FirstOrDefault(pair => pair.Value == body.GetType()).Key;

    /// <summary>The JSON stored for a typed notice body (camelCase, no type property: the row's notice type says it).</summary>
    public static string ToStoredJson(RoomNoticeBody body) => body switch
    {
        null => throw new ArgumentNullException(nameof(body)),
        OtherNotice other => other.Json,
        _ => JsonSerializer.Serialize(body, body.GetType(), NoticeJson),
    };
}
