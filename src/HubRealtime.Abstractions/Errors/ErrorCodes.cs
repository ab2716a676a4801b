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
    public const string Unavailable = "unavailable";
    public const string Internal = "internal";
}
