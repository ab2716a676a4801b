using System.Collections.Concurrent;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Presence;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Server.Identity;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// The realtime edge. Thin on purpose: it checks the shape of arguments, tracks which rooms this
/// connection joined, and forwards to the room grains, which hold the rules. See docs/protocol.md.
/// </summary>
public sealed class RoomHub(IGrainFactory grains, RoomFanout fanout) : Hub
{
    public const string Path = "/hubs/room";
    private const string JoinedKey = "joined-rooms";

    public async Task<RoomSnapshot> JoinRoom(string roomId)
    {
        RoomId.Validate(roomId);
        var caller = CurrentCaller();
        var joined = Joined();
        if (joined.TryAdd(roomId, 0))
        {
            // Subscribe and enter the group before reading the snapshot: a message stored after the
            // snapshot is then certain to arrive live (clients drop the overlap by sequence).
            try
            {
                await fanout.AcquireAsync(roomId);
            }
            catch
            {
                joined.TryRemove(roomId, out _);
                throw;
            }
            await Groups.AddToGroupAsync(Context.ConnectionId, RoomGroups.Name(roomId));
        }
        RoomSnapshot snapshot;
        try
        {
            snapshot = await Room(roomId).Join(caller);
        }
        catch
        {
            // Refused (e.g. forbidden): leave no subscription behind, or live events would leak.
            await LeaveRoom(roomId);
            throw;
        }
        // Present only once the room let the caller in; a "Presence" event with the full list follows
        // for this connection alone, then "PresenceChanged" deltas to the group.
        fanout.Presence.Enter(roomId, Context.ConnectionId, caller);
        if (!joined.ContainsKey(roomId))
        {
            // Left or disconnected while joining: that exit may have run before this entry.
            fanout.Presence.Exit(roomId, Context.ConnectionId);
        }
        return snapshot;
    }

    public async Task LeaveRoom(string roomId)
    {
        RoomId.Validate(roomId);
        if (Joined().TryRemove(roomId, out _))
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, RoomGroups.Name(roomId));
            fanout.Release(roomId);
            fanout.Presence.Exit(roomId, Context.ConnectionId);
        }
    }

    /// <summary>Tells the others in the room that the caller is typing (throttled per connection; not stored).</summary>
    public Task Typing(string roomId) =>
        fanout.Presence.TypingAsync(RequireJoined(roomId), Context.ConnectionId, CurrentCaller());

    /// <summary>The room's full presence list with its version, for a client whose deltas had a gap.</summary>
    public Task<PresenceEvent> GetPresence(string roomId) =>
        fanout.Presence.CurrentAsync(RequireJoined(roomId));

    public Task<SendAck> SendMessage(string roomId, string clientMessageId, string text) =>
        Room(RequireJoined(roomId)).Send(CurrentCaller(), new SendMessageRequest(clientMessageId, text));

    /// <summary>Sends a reply to message <paramref name="replyToSeq"/> of the room (SendMessage with a ReplyToSeq).</summary>
    public Task<SendAck> SendReply(string roomId, string clientMessageId, string text, long replyToSeq) =>
        Room(RequireJoined(roomId)).Send(CurrentCaller(), new SendMessageRequest(clientMessageId, text, replyToSeq));

    public Task<ChangeAck> EditMessage(string roomId, long seq, string text) =>
        Room(RequireJoined(roomId)).Edit(CurrentCaller(), seq, text);

    public Task<ChangeAck> DeleteMessage(string roomId, long seq) =>
        Room(RequireJoined(roomId)).Delete(CurrentCaller(), seq);

    public Task<ChangeAck> React(string roomId, long seq, string emoji, bool add) =>
        Room(RequireJoined(roomId)).React(CurrentCaller(), seq, emoji, add);

    public Task MuteParticipant(string roomId, string userId, bool muted) =>
        Room(RequireJoined(roomId)).Mute(CurrentCaller(), userId, muted);

    public Task<MessagePage> GetHistory(string roomId, long beforeSeq, int limit) =>
        Room(RequireJoined(roomId)).GetHistoryBefore(CurrentCaller(), beforeSeq, limit);

    public Task<MessagePage> GetMissed(string roomId, long afterSeq, int limit) =>
        Room(RequireJoined(roomId)).GetHistoryAfter(CurrentCaller(), afterSeq, limit);

    public override Task OnConnectedAsync()
    {
        Context.Items[JoinedKey] = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        Authentication.ConnectionRegistry.Register(Context);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        Authentication.ConnectionRegistry.Unregister(Context);
        var joined = Joined();
        foreach (var roomId in joined.Keys)
        {
            if (joined.TryRemove(roomId, out _))
            {
                fanout.Release(roomId);
                fanout.Presence.Exit(roomId, Context.ConnectionId);
            }
        }
        return Task.CompletedTask;
    }

    private IRoomGrain Room(string roomId) => grains.GetGrain<IRoomGrain>(roomId);

    private Caller CurrentCaller() =>
        CallerIdentity.FromPrincipal(Context.User)
        ?? throw new HubRealtimeException(ErrorCodes.Unauthenticated, "This connection is not identified.");

    private string RequireJoined(string roomId)
    {
        RoomId.Validate(roomId);
        return Joined().ContainsKey(roomId)
            ? roomId
            : throw new HubRealtimeException(ErrorCodes.NotInRoom, $"Join room '{roomId}' first.");
    }

    // Several hub calls of one connection may run at once (MaximumParallelInvocationsPerClient), so
    // the per-connection set of joined rooms is concurrent; it is created before any call can run.
    private ConcurrentDictionary<string, byte> Joined() => (ConcurrentDictionary<string, byte>)Context.Items[JoinedKey]!;
}
