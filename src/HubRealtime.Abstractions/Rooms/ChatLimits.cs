namespace HubRealtime.Abstractions.Rooms;

/// <summary>Size limits on chat input, shared by the grain (which enforces them) and the clients.</summary>
public static class ChatLimits
{
    /// <summary>Longest message text, in UTF-16 code units after trimming.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>Longest client message id (a UUID fits with room to spare).</summary>
    public const int MaxClientMessageIdLength = 64;

    public const int MaxTitleLength = 200;

    public const int MaxDisplayNameLength = 80;

    /// <summary>Most messages a history page returns.</summary>
    public const int MaxPageSize = 200;

    /// <summary>History a client gets when it joins.</summary>
    public const int JoinHistorySize = 50;

    /// <summary>Edits of one message: bounded so that deleting it (which erases every edit) stays one atomic write.</summary>
    public const int MaxEditsPerMessage = 20;

    /// <summary>Longest reaction emoji, in UTF-16 code units.</summary>
    public const int MaxEmojiLength = 16;

    /// <summary>Distinct emojis on one message.</summary>
    public const int MaxReactionsPerMessage = 20;

    /// <summary>(emoji, user) pairs on one message, all emojis together: bounds the stored row.</summary>
    public const int MaxReactionEntriesPerMessage = 2000;

    /// <summary>Distinct users one message may mention.</summary>
    public const int MaxMentions = 20;
}
