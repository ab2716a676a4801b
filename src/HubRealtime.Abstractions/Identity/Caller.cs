namespace HubRealtime.Abstractions.Identity;

/// <summary>
/// Who is making a grain call. Every grain method that touches protected data takes one, so that
/// authorization is decided in the grain, never only at the hub or HTTP edge.
/// </summary>
/// <param name="UserId">Stable user id (the normalized e-mail once accounts exist).</param>
/// <param name="DisplayName">Name shown to other participants.</param>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Identity.Caller")]
public sealed record Caller(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName)
{
    /// <summary>
    /// The server itself (grain-to-grain calls, seeding, maintenance); never derived from a client. Its
    /// id starts with '#', which no user id (an e-mail address, or the interim dev id) can, so no
    /// client can pose as it.
    /// </summary>
    public static Caller System { get; } = new("#system", "HubRealtime");
}
