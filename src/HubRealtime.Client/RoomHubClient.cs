using System.Text.RegularExpressions;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Presence;
using HubRealtime.Abstractions.Realtime;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.Workspace;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Client;

/// <summary>
/// Typed .NET client of the room hub (docs/protocol.md). Hub errors come out as
/// <see cref="HubRealtimeException"/> with the protocol's error code.
/// </summary>
public sealed partial class RoomHubClient : IAsyncDisposable
{
    public const string HubPath = "/hubs/room";

    private RoomHubClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>Builds a client for the server at <paramref name="server"/> (not yet started) that names itself with the interim <c>user</c>/<c>name</c> query identity.</summary>
    public static RoomHubClient Create(
        Uri server,
        string userId,
        string displayName,
        HttpTransportType transports = HttpTransportType.WebSockets,
        Action<IHubConnectionBuilder>? configure = null)
    {
        var url = new Uri(server, $"{HubPath}?user={Uri.EscapeDataString(userId)}&name={Uri.EscapeDataString(displayName)}");
        var builder = new HubConnectionBuilder().WithUrl(url, options =>
        {
            options.Transports = transports;
            // With WebSockets only, skip the negotiate round trip.
            options.SkipNegotiation = transports == HttpTransportType.WebSockets;
        });
        UseProtocolJson(builder);
        configure?.Invoke(builder);
        return new RoomHubClient(builder.Build());
    }

    /// <summary>
    /// Builds a client for the server at <paramref name="server"/> (not yet started) that identifies itself
    /// with a bearer token from <paramref name="accessTokenProvider"/> (asked again on every reconnect).
    /// </summary>
    public static RoomHubClient Create(
        Uri server,
        Func<Task<string?>> accessTokenProvider,
        HttpTransportType transports = HttpTransportType.WebSockets,
        Action<IHubConnectionBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(accessTokenProvider);
        var builder = new HubConnectionBuilder().WithUrl(new Uri(server, HubPath), options =>
        {
            options.AccessTokenProvider = accessTokenProvider;
            options.Transports = transports;
            // With WebSockets only, skip the negotiate round trip.
            options.SkipNegotiation = transports == HttpTransportType.WebSockets;
        });
        UseProtocolJson(builder);
        configure?.Invoke(builder);
        return new RoomHubClient(builder.Build());
    }

    /// <summary>Subscribes to the <c>Events</c> event: (roomId, newly stored events ascending by seq).</summary>
    public IDisposable OnEvents(Func<string, IReadOnlyList<RoomEvent>, Task> handler) =>
        Connection.On<string, List<RoomEvent>>(RoomClientEvents.Events, (roomId, events) => handler(roomId, events));

    public IDisposable OnEvents(Action<string, IReadOnlyList<RoomEvent>> handler) =>
        Connection.On<string, List<RoomEvent>>(RoomClientEvents.Events, (roomId, events) => handler(roomId, events));

    /// <summary>
    /// Subscribes to the <c>Presence</c> event: the full list of users in a room, once after joining (and
    /// to everyone after a presence restart). <see cref="PresenceView"/> keeps the list from it and the deltas.
    /// </summary>
    public IDisposable OnPresence(Action<PresenceEvent> handler) =>
        Connection.On<PresenceEvent>(RoomClientEvents.Presence, handler);

    /// <summary>Subscribes to the <c>PresenceChanged</c> event: who joined, changed or left a room (docs/protocol.md).</summary>
    public IDisposable OnPresenceChanged(Action<PresenceChangedEvent> handler) =>
        Connection.On<PresenceChangedEvent>(RoomClientEvents.PresenceChanged, handler);

    /// <summary>Subscribes to the <c>Typing</c> event: someone else in a joined room is typing (show it ~5 s).</summary>
    public IDisposable OnTyping(Action<TypingEvent> handler) =>
        Connection.On<TypingEvent>(RoomClientEvents.Typing, handler);

    public Task StartAsync(CancellationToken cancellationToken = default) => Connection.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => Connection.StopAsync(cancellationToken);

    public Task<RoomSnapshot> JoinRoomAsync(string roomId, CancellationToken cancellationToken = default) =>
        Invoke<RoomSnapshot>(RoomHubMethods.JoinRoom, [roomId], cancellationToken);

    public Task LeaveRoomAsync(string roomId, CancellationToken cancellationToken = default) =>
        Invoke<object?>(RoomHubMethods.LeaveRoom, [roomId], cancellationToken);

    /// <summary>
    /// Watches a room: its live events, presence list and deltas, without being present (read only:
    /// GetHistory, GetMissed and GetPresence answer, SendMessage and Typing are not_in_room). Same
    /// admission as <see cref="JoinRoomAsync"/>; after a reconnect, watch again.
    /// </summary>
    public Task<RoomSnapshot> WatchRoomAsync(string roomId, CancellationToken cancellationToken = default) =>
        Invoke<RoomSnapshot>(RoomHubMethods.WatchRoom, [roomId], cancellationToken);

    /// <summary>Stops watching a room (a join of it on this connection goes on).</summary>
    public Task UnwatchRoomAsync(string roomId, CancellationToken cancellationToken = default) =>
        Invoke<object?>(RoomHubMethods.UnwatchRoom, [roomId], cancellationToken);

    /// <summary>Sends a message, or a reply to message <paramref name="replyToSeq"/>; answered once it is durable.</summary>
    public Task<SendAck> SendMessageAsync(string roomId, string clientMessageId, string text, long? replyToSeq = null, CancellationToken cancellationToken = default) =>
        Invoke<SendAck>(RoomHubMethods.SendMessage, [roomId, new SendMessageRequest(clientMessageId, text, replyToSeq)], cancellationToken);

    /// <summary>Sends a message with all its fields, e.g. its mentions (user ids, at most 20, each someone who may read the room).</summary>
    public Task<SendAck> SendMessageAsync(string roomId, SendMessageRequest message, CancellationToken cancellationToken = default) =>
        Invoke<SendAck>(RoomHubMethods.SendMessage, [roomId, message], cancellationToken);

    /// <summary>Moves the caller's read position in a room (never backwards); answers the position and the mentions left.</summary>
    public Task<ReadPosition> MarkReadAsync(string roomId, long seq, CancellationToken cancellationToken = default) =>
        Invoke<ReadPosition>(RoomHubMethods.MarkRead, [roomId, seq], cancellationToken);

    /// <summary>Replaces the rooms this connection watches for <c>RoomActivity</c>; answers those it may read.</summary>
    public Task<IReadOnlyList<string>> WatchActivityAsync(IReadOnlyList<string> roomIds, CancellationToken cancellationToken = default) =>
        Invoke<IReadOnlyList<string>>(RoomHubMethods.WatchActivity, [roomIds], cancellationToken);

    /// <summary>Subscribes to the <c>RoomActivity</c> event: new messages of a watched room (senders and mentions).</summary>
    public IDisposable OnRoomActivity(Action<RoomActivityEvent> handler) =>
        Connection.On<RoomActivityEvent>(RoomClientEvents.RoomActivity, handler);

    /// <summary>Subscribes to the <c>ReadPositionChanged</c> event: the user's read position moved (any of their connections).</summary>
    public IDisposable OnReadPositionChanged(Action<ReadPosition> handler) =>
        Connection.On<ReadPosition>(RoomClientEvents.ReadPositionChanged, handler);

    /// <summary>Subscribes to the <c>RoomAccessRevoked</c> event: the caller lost access to a joined room and is out of it.</summary>
    public IDisposable OnRoomAccessRevoked(Action<string> handler) =>
        Connection.On<string>(RoomClientEvents.RoomAccessRevoked, handler);

    /// <summary>Edits one's own message; the Edit event also arrives on "Events". Seq 0 in the ack: same text, nothing changed.</summary>
    public Task<ChangeAck> EditMessageAsync(string roomId, long seq, string text, CancellationToken cancellationToken = default) =>
        Invoke<ChangeAck>(RoomHubMethods.EditMessage, [roomId, seq, text], cancellationToken);

    /// <summary>Deletes one's own message (any message for a moderator); repeating it is a no-op (Seq 0).</summary>
    public Task<ChangeAck> DeleteMessageAsync(string roomId, long seq, CancellationToken cancellationToken = default) =>
        Invoke<ChangeAck>(RoomHubMethods.DeleteMessage, [roomId, seq], cancellationToken);

    /// <summary>Adds (<paramref name="add"/> true) or removes one's reaction on a message.</summary>
    public Task<ChangeAck> ReactAsync(string roomId, long seq, string emoji, bool add, CancellationToken cancellationToken = default) =>
        Invoke<ChangeAck>(RoomHubMethods.React, [roomId, seq, emoji, add], cancellationToken);

    /// <summary>Moderators: mutes or unmutes a user in the room.</summary>
    public Task MuteParticipantAsync(string roomId, string userId, bool muted, CancellationToken cancellationToken = default) =>
        Invoke<object?>(RoomHubMethods.MuteParticipant, [roomId, userId, muted], cancellationToken);

    public Task<RoomEventPage> GetHistoryAsync(string roomId, long beforeSeq, int limit, CancellationToken cancellationToken = default) =>
        Invoke<RoomEventPage>(RoomHubMethods.GetHistory, [roomId, beforeSeq, limit], cancellationToken);

    /// <summary>Signals that the user is typing in a joined room (the server forwards at most one per 2 s per connection).</summary>
    public Task TypingAsync(string roomId, CancellationToken cancellationToken = default) =>
        Invoke<object?>(RoomHubMethods.Typing, [roomId], cancellationToken);

    /// <summary>The full presence list of a joined room with its version (after a gap in the deltas).</summary>
    public Task<PresenceEvent> GetPresenceAsync(string roomId, CancellationToken cancellationToken = default) =>
        Invoke<PresenceEvent>(RoomHubMethods.GetPresence, [roomId], cancellationToken);

    public Task<RoomEventPage> GetMissedAsync(string roomId, long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        Invoke<RoomEventPage>(RoomHubMethods.GetMissed, [roomId, afterSeq, limit], cancellationToken);

    /// <summary>The hub's JSON: enums as camelCase names and typed event payloads, as the server writes them (docs/protocol.md).</summary>
    public static IHubConnectionBuilder UseProtocolJson(IHubConnectionBuilder builder) =>
        builder.AddJsonProtocol(options => RoomEventJson.Configure(options.PayloadSerializerOptions));

    private async Task<T> Invoke<T>(string method, object?[] args, CancellationToken cancellationToken)
    {
        try
        {
            return await Connection.InvokeCoreAsync<T>(method, args, cancellationToken);
        }
        catch (HubException error) when (ParseError(error.Message) is { } typed)
        {
            throw typed;
        }
    }

    /// <summary>Reads "… HubException: code: text" (docs/protocol.md, Errors) into a typed error.</summary>
    public static HubRealtimeException? ParseError(string message)
    {
        var match = ErrorPattern().Match(message);
        return match.Success ? new HubRealtimeException(match.Groups["code"].Value, match.Groups["text"].Value) : null;
    }

    [GeneratedRegex(@"HubException: (?<code>[a-z_]+): (?<text>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ErrorPattern();

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
