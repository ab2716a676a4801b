namespace HubRealtime.Abstractions.Rooms;

/// <summary>Typed access to an event's payload for code that already knows the kind (clients, tests, tools).</summary>
public static class RoomEventPayloadExtensions
{
    /// <summary>The payload as <typeparamref name="T"/>; throws if the event is of another kind.</summary>
    public static T PayloadAs<T>(this RoomEvent e) where T : RoomEventPayload
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Payload as T
            ?? throw new InvalidOperationException($"Event {e.Seq} of room '{e.RoomId}' is a {e.Kind}, not a {typeof(T).Name}.");
    }

    /// <summary>The message of a Message event.</summary>
    public static MessagePayload Message(this RoomEvent e) => e.PayloadAs<MessagePayload>();

    /// <summary>The notice of a Notice event.</summary>
    public static NoticePayload Notice(this RoomEvent e) => e.PayloadAs<NoticePayload>();
}
