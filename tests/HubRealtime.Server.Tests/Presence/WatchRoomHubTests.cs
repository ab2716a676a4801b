using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Realtime;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests.Presence;

/// <summary>
/// WatchRoom: a room's live events and presence without being present in it, read only, admitted as a
/// join is, ended by a revocation. Real Kestrel server, .NET clients.
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class WatchRoomHubTests(EmbeddedServerFixture fixture)
{
    private HubRealtimeServer Server => fixture.Server;

    private IGrainFactory Grains => Server.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task A_watcher_gets_the_rooms_events_and_presence_but_is_not_present_and_may_only_read()
    {
        var roomId = await Rooms.CreateAsync(Server);
        var annUser = await Server.RegisterAsync("ann", "Ann");
        var boUser = await Server.RegisterAsync("bo", "Bo");
        var cyUser = await Server.RegisterAsync("cy", "Cy");
        await using var ann = await RecordingClient.ConnectAsync(Server, annUser);
        await using var bo = await RecordingClient.ConnectAsync(Server, boUser);
        await using var cy = await RecordingClient.ConnectAsync(Server, cyUser);
        var annSees = PresenceLog.Attach(ann.Hub);
        var boSees = PresenceLog.Attach(bo.Hub);

        // Bo watches first: nobody is present, and Bo is not either.
        var snapshot = await bo.Hub.WatchRoomAsync(roomId);
        Assert.Equal(roomId, snapshot.Room.RoomId);
        await boSees.PresenceWithAsync(roomId);
        await ann.Hub.JoinRoomAsync(roomId);
        await boSees.PresenceWithAsync(roomId, annUser.Email);
        await ann.Hub.SendMessageAsync(roomId, "w-1", "hello watchers");
        await bo.WaitForAsync(1);
        await cy.Hub.JoinRoomAsync(roomId);
        await boSees.PresenceWithAsync(roomId, annUser.Email, cyUser.Email);
        var annNow = await annSees.PresenceWithAsync(roomId, annUser.Email, cyUser.Email);

        // Reading works; writing and typing are for those present.
        var missed = await bo.Hub.GetMissedAsync(roomId, 0, 10);
        var history = await bo.Hub.GetHistoryAsync(roomId, long.MaxValue, 10);
        var current = await bo.Hub.GetPresenceAsync(roomId);
        var send = await Assert.ThrowsAsync<HubRealtimeException>(() => bo.Hub.SendMessageAsync(roomId, "w-2", "not allowed"));
        var typing = await Assert.ThrowsAsync<HubRealtimeException>(() => bo.Hub.TypingAsync(roomId));

        Assert.Contains(bo.Received, e => e.Text() == "hello watchers");
        Assert.Contains(missed.Events, e => e.Text() == "hello watchers");
        Assert.Contains(history.Events, e => e.Text() == "hello watchers");
        Assert.Equal([annUser.Email, cyUser.Email], current.Users.Select(u => u.UserId).Order(StringComparer.Ordinal));
        Assert.Equal(ErrorCodes.NotInRoom, send.Code);
        Assert.Equal(ErrorCodes.NotInRoom, typing.Code);
        Assert.DoesNotContain(annSees.Presence, p => p.Users.Any(u => u.UserId == boUser.Email));
        Assert.DoesNotContain(annNow.Users, u => u.UserId == boUser.Email);
    }

    [Fact]
    public async Task Join_and_watch_on_one_connection_end_each_on_its_own()
    {
        var roomId = await Rooms.CreateAsync(Server);
        var annUser = await Server.RegisterAsync("ann", "Ann");
        var boUser = await Server.RegisterAsync("bo", "Bo");
        await using var ann = await RecordingClient.ConnectAsync(Server, annUser);
        await using var bo = await RecordingClient.ConnectAsync(Server, boUser);
        var annSees = PresenceLog.Attach(ann.Hub);
        await ann.Hub.JoinRoomAsync(roomId);
        await bo.Hub.WatchRoomAsync(roomId);
        await bo.Hub.JoinRoomAsync(roomId);
        await annSees.PresenceWithAsync(roomId, annUser.Email, boUser.Email);

        // Leaving ends the presence, not the watch.
        var mark = annSees.Mark();
        await bo.Hub.LeaveRoomAsync(roomId);
        await annSees.PresenceWithAsync(mark, roomId, annUser.Email);
        await ann.Hub.SendMessageAsync(roomId, "j-1", "still watched");
        await bo.WaitForAsync(1);
        var send = await Assert.ThrowsAsync<HubRealtimeException>(() => bo.Hub.SendMessageAsync(roomId, "j-2", "left"));
        Assert.Equal(ErrorCodes.NotInRoom, send.Code);

        // Joined again, unwatching ends the watch and keeps the join.
        await bo.Hub.JoinRoomAsync(roomId);
        await annSees.PresenceWithAsync(roomId, annUser.Email, boUser.Email);
        await bo.Hub.UnwatchRoomAsync(roomId);
        await bo.Hub.SendMessageAsync(roomId, "j-3", "joined still");
        await bo.WaitForAsync(2);

        // Unwatching a room only joined, then leaving it: nothing of the room is held any more.
        await bo.Hub.LeaveRoomAsync(roomId);
        var missed = await Assert.ThrowsAsync<HubRealtimeException>(() => bo.Hub.GetMissedAsync(roomId, 0, 10));
        Assert.Equal(ErrorCodes.NotInRoom, missed.Code);
        Assert.Equal(1, Server.Services.GetRequiredService<Realtime.HubConnections>().LocalConnectionsIn(roomId));
    }

    [Fact]
    public async Task A_restricted_room_refuses_a_non_member_watch_and_leaves_nothing_behind()
    {
        var roomId = Rooms.NewId();
        var annUser = await Server.RegisterAsync("ann", "Ann");
        var malloryUser = await Server.RegisterAsync("mallory", "Mallory");
        await Grains.GetGrain<IRoomGrain>(roomId).CreateRestricted(
            Caller.System, "Working group", new RoomAccess("group:watch", [annUser.Email]));
        await using var member = await RecordingClient.ConnectAsync(Server, annUser);
        await using var outsider = await RecordingClient.ConnectAsync(Server, malloryUser);
        await member.Hub.JoinRoomAsync(roomId);

        var refused = await Assert.ThrowsAsync<HubRealtimeException>(() => outsider.Hub.WatchRoomAsync(roomId));
        await member.Hub.SendMessageAsync(roomId, "secret-1", "members only");
        await member.WaitForAsync(1);
        var missed = await Assert.ThrowsAsync<HubRealtimeException>(() => outsider.Hub.GetMissedAsync(roomId, 0, 10));
        var presence = await Assert.ThrowsAsync<HubRealtimeException>(() => outsider.Hub.GetPresenceAsync(roomId));

        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        Assert.Equal(ErrorCodes.NotInRoom, missed.Code);
        Assert.Equal(ErrorCodes.NotInRoom, presence.Code);
        Assert.Empty(outsider.Received);
        Assert.Equal(1, Server.Services.GetRequiredService<Realtime.HubConnections>().LocalConnectionsIn(roomId));
    }

    [Fact]
    public async Task A_revocation_ends_a_watch()
    {
        var roomId = Rooms.NewId();
        var annUser = await Server.RegisterAsync("ann", "Ann");
        var boUser = await Server.RegisterAsync("bo", "Bo");
        var room = Grains.GetGrain<IRoomGrain>(roomId);
        await room.CreateRestricted(Caller.System, "Working group", new RoomAccess("group:watch-revoke", [annUser.Email, boUser.Email]));
        await using var ann = await RecordingClient.ConnectAsync(Server, annUser);
        await using var bo = await RecordingClient.ConnectAsync(Server, boUser);
        var revoked = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        bo.Hub.OnRoomAccessRevoked(id => revoked.TrySetResult(id));
        await ann.Hub.JoinRoomAsync(roomId);
        await bo.Hub.WatchRoomAsync(roomId);
        await ann.Hub.SendMessageAsync(roomId, "r-1", "before");
        await bo.WaitForAsync(1);

        await room.ConfigureAccess(Caller.System, new RoomAccess("group:watch-revoke", [annUser.Email]));
        Assert.Equal(roomId, await revoked.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        await ann.Hub.SendMessageAsync(roomId, "r-2", "after");
        await ann.WaitForAsync(2);
        // A round trip on Bo's connection: anything sent to it before now has arrived.
        var missed = await Assert.ThrowsAsync<HubRealtimeException>(() => bo.Hub.GetMissedAsync(roomId, 0, 10));

        Assert.Equal(ErrorCodes.NotInRoom, missed.Code);
        Assert.Equal(["before"], bo.Received.Select(e => e.Text()));
    }
}
