using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Rooms;

/// <summary>
/// Applies an Edit, Delete or Reaction to a message's current state: the event to append and the
/// message's new state, or null when the change is a no-op (same text, already deleted, reaction
/// already there or already gone). Every refusal is a typed error.
/// </summary>
internal static class MessageChanges
{
    public static (ChatMessage Change, ChatMessage Target)? Apply(string roomId, ChatMessage? target, PendingEvent p, long seq, DateTimeOffset now)
    {
        if (target is null || target.Kind != RoomEventKind.Message || (target.Deleted && p.Kind != RoomEventKind.Delete))
        {
            throw new HubRealtimeException(ErrorCodes.MessageNotFound, $"Message {p.TargetSeq} does not exist in this room.");
        }
        var change = new ChatMessage(roomId, seq, "", p.SenderId, p.SenderName, p.Text, now, p.Kind, TargetSeq: target.Seq);
        switch (p.Kind)
        {
            case RoomEventKind.Edit:
                RequireOwn(target, p.Caller, "edit");
                return target.Text == p.Text
                    ? null
                    : (change with { EditedAt = now }, target with { Text = p.Text, EditedAt = now });
            case RoomEventKind.Delete:
                // Ownership first: "already deleted" must not answer success to someone who could not delete it.
                if (!p.AsModerator)
                {
                    RequireOwn(target, p.Caller, "delete");
                }
                if (target.Deleted)
                {
                    return null;
                }
                return (change with { Deleted = true }, target with { Text = "", Deleted = true, Reactions = [] });
            case RoomEventKind.Reaction:
                var reactions = p.Add ? AddReaction(target.Reactions, p.Text, p.SenderId) : RemoveReaction(target.Reactions, p.Text, p.SenderId);
                return reactions is null ? null : (change with { Reactions = reactions }, target with { Reactions = reactions });
            default:
                throw new ArgumentException($"{p.Kind} is not a change.", nameof(p));
        }
    }

    private static void RequireOwn(ChatMessage target, Caller caller, string verb)
    {
        if (!IsSender(target, caller))
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, $"Only the sender may {verb} this message.");
        }
    }

    private static bool IsSender(ChatMessage target, Caller caller) =>
        target.SenderId == caller.UserId ||
        (EmailAddress.TryNormalize(caller.UserId, out var a) && EmailAddress.TryNormalize(target.SenderId, out var b) && a == b);

    private static List<ReactionSummary>? AddReaction(IReadOnlyList<ReactionSummary> current, string emoji, string userId)
    {
        var index = IndexOf(current, emoji);
        if (index >= 0 && current[index].UserIds.Contains(userId, StringComparer.Ordinal))
        {
            return null;
        }
        if (index < 0 && current.Count >= ChatLimits.MaxReactionsPerMessage)
        {
            throw HubRealtimeException.Invalid($"A message holds at most {ChatLimits.MaxReactionsPerMessage} different reactions.");
        }
        if (current.Sum(r => r.UserIds.Count) >= ChatLimits.MaxReactionEntriesPerMessage)
        {
            throw HubRealtimeException.Invalid($"A message holds at most {ChatLimits.MaxReactionEntriesPerMessage} reactions.");
        }
        var result = current.ToList();
        if (index < 0)
        {
            result.Add(new ReactionSummary(emoji, [userId]));
        }
        else
        {
            result[index] = new ReactionSummary(emoji, [.. current[index].UserIds, userId]);
        }
        return result;
    }

    private static List<ReactionSummary>? RemoveReaction(IReadOnlyList<ReactionSummary> current, string emoji, string userId)
    {
        var index = IndexOf(current, emoji);
        if (index < 0 || !current[index].UserIds.Contains(userId, StringComparer.Ordinal))
        {
            return null;
        }
        var result = current.ToList();
        var users = current[index].UserIds.Where(u => u != userId).ToList();
        if (users.Count == 0)
        {
            result.RemoveAt(index);
        }
        else
        {
            result[index] = new ReactionSummary(emoji, users);
        }
        return result;
    }

    private static int IndexOf(IReadOnlyList<ReactionSummary> reactions, string emoji)
    {
        for (var i = 0; i < reactions.Count; i++)
        {
            if (reactions[i].Emoji == emoji)
            {
                return i;
            }
        }
        return -1;
    }
}
