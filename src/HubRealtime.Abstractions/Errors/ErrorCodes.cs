namespace HubRealtime.Abstractions.Errors;

/// <summary>
/// Stable, machine-readable error codes. They appear in hub errors as "code: message" and in
/// ProblemDetails as the "code" extension; clients switch on them, so never rename one.
/// </summary>
public static class ErrorCodes
{
    public const string InvalidArgument = "invalid_argument";
    public const string RoomNotFound = "room_not_found";
    public const string RoomExists = "room_exists";
    public const string NotInRoom = "not_in_room";
    public const string MessageTooLong = "message_too_long";
    public const string MessageEmpty = "message_empty";
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string RateLimited = "rate_limited";
    /// <summary>Nothing of the call was stored, and nothing will be: retry (with the same client message id).</summary>
    public const string Unavailable = "unavailable";

    /// <summary>
    /// A storage write was sent but not answered in time: it may or may not be stored. Send again with the
    /// same client message id (answered once, as a duplicate if it was stored), or re-read before retrying a change.
    /// </summary>
    public const string OutcomeUnknown = "outcome_unknown";
    public const string Internal = "internal";

    // Accounts, agencies, invitations and working groups (identity stage).
    public const string AccountExists = "account_exists";
    public const string UserNotFound = "user_not_found";
    public const string AgencyNotFound = "agency_not_found";
    public const string AgencyExists = "agency_exists";
    public const string AgencyInactive = "agency_inactive";

    /// <summary>Unknown invitation or wrong token: deliberately not told apart.</summary>
    public const string InvitationInvalid = "invitation_invalid";
    public const string InvitationExpired = "invitation_expired";
    public const string InvitationRevoked = "invitation_revoked";
    public const string InvitationUsed = "invitation_used";
    public const string GroupNotFound = "group_not_found";
    public const string GroupExists = "group_exists";
    public const string NotAMember = "not_a_member";
    public const string LastOwner = "last_owner";

    // Sign-in and account security (user grain).
    public const string PasswordPolicy = "password_policy";

    /// <summary>Wrong password or code on an authenticated account operation; counts towards lockout.</summary>
    public const string InvalidCredentials = "invalid_credentials";
    public const string LockedOut = "locked_out";

    // Meetings and breakout rooms.
    public const string MeetingNotFound = "meeting_not_found";
    public const string MeetingExists = "meeting_exists";

    /// <summary>The breakout round is not in a phase that allows this (e.g. assign while open, extend while closed).</summary>
    public const string WrongPhase = "wrong_phase";

    /// <summary>Self-select: the chosen room already holds its cap.</summary>
    public const string RoomFull = "room_full";

    // Room event stream (chat).
    public const string RoomClosed = "room_closed";
    public const string Muted = "muted";
    public const string MessageNotFound = "message_not_found";

    // Shared notes.
    /// <summary>The change would make the note longer than NoteLimits.MaxNoteLength.</summary>
    public const string NoteTooLarge = "note_too_large";

    /// <summary>A moderator locked the note.</summary>
    public const string NoteLocked = "note_locked";

    /// <summary>The change's base revision is ahead of the note or too far behind it.</summary>
    public const string StaleBase = "stale_base";

    public const string NoteNotFound = "note_not_found";
    public const string NoteExists = "note_exists";

    // Answers of the HTTP framework itself, before an endpoint runs.
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";
}
