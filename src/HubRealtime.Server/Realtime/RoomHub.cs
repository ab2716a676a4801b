using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
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
        if (!joined.Contains(roomId))
        {
            // Subscribe and enter the group before reading the snapshot: a message stored after the
            // snapshot is then certain to arrive live (clients drop the overlap by sequence).
            await fanout.AcquireAsync(roomId);
            joined.Add(roomId);
            await Groups.AddToGroupAsync(Context.ConnectionId, RoomGroups.Name(roomId));
        }
        return await Room(roomId).Join(caller);
    }

    public async Task LeaveRoom(string roomId)
    {
        RoomId.Validate(roomId);
        if (Joined().Remove(roomId))
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, RoomGroups.Name(roomId));
            fanout.Release(roomId);
        }
    }

    public Task<SendAck> SendMessage(string roomId, string clientMessageId, string text) =>
        Room(RequireJoined(roomId)).Send(CurrentCaller(), new SendMessageRequest(clientMessageId, text));

    public Task<MessagePage> GetHistory(string roomId, long beforeSeq, int limit) =>
        Room(RequireJoined(roomId)).GetHistoryBefore(CurrentCaller(), beforeSeq, limit);

    public Task<MessagePage> GetMissed(string roomId, long afterSeq, int limit) =>
        Room(RequireJoined(roomId)).GetHistoryAfter(CurrentCaller(), afterSeq, limit);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var roomId in Joined())
        {
            fanout.Release(roomId);
        }
        Joined().Clear();
        return Task.CompletedTask;
    }

    private IRoomGrain Room(string roomId) => grains.GetGrain<IRoomGrain>(roomId);

    private Caller CurrentCaller() =>
        CallerIdentity.FromPrincipal(Context.User)
        ?? throw new HubRealtimeException(ErrorCodes.Unauthenticated, "This connection is not identified.");

    private string RequireJoined(string roomId)
    {
        RoomId.Validate(roomId);
        return Joined().Contains(roomId)
            ? roomId
            : throw new HubRealtimeException(ErrorCodes.NotInRoom, $"Join room '{roomId}' first.");
    }

    // Hub methods of one connection run one at a time (MaximumParallelInvocationsPerClient = 1),
    // so this per-connection set needs no lock.
    private HashSet<string> Joined()
    {
        if (Context.Items.TryGetValue(JoinedKey, out var value) && value is HashSet<string> set)
        {
            return set;
        }
        var created = new HashSet<string>(StringComparer.Ordinal);
        Context.Items[JoinedKey] = created;
        return created;
    }
}
