using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests.Presence;

/// <summary>Presence and typing end to end: a real Kestrel server and several .NET clients.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class PresenceHubTests(EmbeddedServerFixture fixture)
{
    private HubRealtimeServer Server => fixture.Server;

    [Fact]
    public async Task Two_users_who_join_see_each_other()
    {
        var roomId = await Rooms.CreateAsync(Server);
        var annUser = await Server.RegisterAsync("ann", "Ann");
        var boUser = await Server.RegisterAsync("bo", "Bo");
        await using var ann = await RecordingClient.ConnectAsync(Server, annUser);
        await using var bo = await RecordingClient.ConnectAsync(Server, boUser);
        var annSees = PresenceLog.Attach(ann.Hub);
        var boSees = PresenceLog.Attach(bo.Hub);

        await ann.Hub.JoinRoomAsync(roomId);
        var alone = await annSees.PresenceWithAsync(roomId, annUser.Email);
        await bo.Hub.JoinRoomAsync(roomId);
        var seenByAnn = await annSees.PresenceWithAsync(roomId, annUser.Email, boUser.Email);
        var seenByBo = await boSees.PresenceWithAsync(roomId, annUser.Email, boUser.Email);

        Assert.Equal("Ann", Assert.Single(alone.Users).DisplayName);
        Assert.Equal(seenByAnn.Users, seenByBo.Users);
        Assert.All(seenByBo.Users, u => Assert.Equal(1, u.Connections));
        Assert.Equal(["Ann", "Bo"], seenByBo.Users.Select(u => u.DisplayName).Order());
    }

    [Fact]
    public async Task A_user_stays_present_while_one_of_their_tabs_is_open()
    {
        var roomId = await Rooms.CreateAsync(Server);
        var annUser = await Server.RegisterAsync("ann", "Ann");
        var boUser = await Server.RegisterAsync("bo", "Bo");
        await using var bo = await RecordingClient.ConnectAsync(Server, boUser);
        var boSees = PresenceLog.Attach(bo.Hub);
        await bo.Hub.JoinRoomAsync(roomId);
        var firstTab = await RecordingClient.ConnectAsync(Server, annUser);
        await using var secondTab = await RecordingClient.ConnectAsync(Server, annUser);

        await firstTab.Hub.JoinRoomAsync(roomId);
        await secondTab.Hub.JoinRoomAsync(roomId);
        await boSees.PresenceAsync(e => e.RoomId == roomId && e.Users.Any(u => u.UserId == annUser.Email && u.Connections == 2));
        var mark = boSees.Mark();
        await firstTab.DisposeAsync();
        var afterClose = await boSees.PresenceAsync(e => e.RoomId == roomId && e.Users.Any(u => u.UserId == annUser.Email && u.Connections == 1), mark);

        Assert.Equal([annUser.Email, boUser.Email], afterClose.Users.Select(u => u.UserId).Order(StringComparer.Ordinal));
        // Ann never disappeared on the way.
        Assert.All(boSees.Presence.Where(e => e.Users.Count > 1 || e.Users.Any(u => u.UserId == annUser.Email)),
            e => Assert.Contains(e.Users, u => u.UserId == annUser.Email));
    }

    [Fact]
    public async Task A_user_whose_last_connection_closes_leaves_after_the_grace_period()
    {
        var roomId = await Rooms.CreateAsync(Server);
        var annUser = await Server.RegisterAsync("ann", "Ann");
        var boUser = await Server.RegisterAsync("bo", "Bo");
        await using var bo = await RecordingClient.ConnectAsync(Server, boUser);
        var boSees = PresenceLog.Attach(bo.Hub);
        await bo.Hub.JoinRoomAsync(roomId);
        var ann = await RecordingClient.ConnectAsync(Server, annUser);
        await ann.Hub.JoinRoomAsync(roomId);
        await boSees.PresenceWithAsync(roomId, annUser.Email, boUser.Email);

        var mark = boSees.Mark();
        var closedAt = DateTimeOffset.UtcNow;
        await ann.DisposeAsync();
        await boSees.PresenceWithAsync(mark, roomId, boUser.Email);

        Assert.True(DateTimeOffset.UtcNow - closedAt >= TimeSpan.FromSeconds(4.5), "Ann left before the grace period ended.");
    }

    [Fact]
    public async Task A_reconnect_within_the_grace_period_is_no_leave_and_the_new_connection_gets_the_list()
    {
        var roomId = await Rooms.CreateAsync(Server);
        var annUser = await Server.RegisterAsync("ann", "Ann");
        var boUser = await Server.RegisterAsync("bo", "Bo");
        await using var bo = await RecordingClient.ConnectAsync(Server, boUser);
        var boSees = PresenceLog.Attach(bo.Hub);
        await bo.Hub.JoinRoomAsync(roomId);
        var dropped = await RecordingClient.ConnectAsync(Server, annUser);
        await dropped.Hub.JoinRoomAsync(roomId);
        await boSees.PresenceWithAsync(roomId, annUser.Email, boUser.Email);
        var mark = boSees.Mark();

        await dropped.DisposeAsync();
        await using var back = await RecordingClient.ConnectAsync(Server, annUser);
        var backSees = PresenceLog.Attach(back.Hub);
        await back.Hub.JoinRoomAsync(roomId);
        var list = await backSees.PresenceWithAsync(roomId, annUser.Email, boUser.Email);

        Assert.All(list.Users, u => Assert.Equal(1, u.Connections));
        // Nothing changed for Bo: Ann was listed throughout, with one connection.
        Assert.All(boSees.Presence.Skip(mark), e => Assert.Contains(e.Users, u => u.UserId == annUser.Email && u.Connections == 1));
    }

    [Fact]
    public async Task Typing_reaches_the_others_in_the_room_but_not_the_sender()
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
        var cySees = PresenceLog.Attach(cy.Hub);
        await ann.Hub.JoinRoomAsync(roomId);
        await bo.Hub.JoinRoomAsync(roomId);
        // Cy is connected but not in the room.
        await annSees.PresenceWithAsync(roomId, annUser.Email, boUser.Email);

        await ann.Hub.TypingAsync(roomId);
        var boGot = await boSees.TypingFromAsync(annUser.Email);
        // Bo types after Ann: once it reached Ann, Ann's own signal would have reached her before.
        await bo.Hub.TypingAsync(roomId);
        await annSees.TypingFromAsync(boUser.Email);
        var notJoined = await Assert.ThrowsAsync<HubRealtimeException>(() => cy.Hub.TypingAsync(roomId));

        Assert.Equal(new Abstractions.Presence.TypingEvent(roomId, annUser.Email, "Ann"), boGot);
        Assert.DoesNotContain(annSees.Typing, t => t.UserId == annUser.Email);
        Assert.Equal(ErrorCodes.NotInRoom, notJoined.Code);
        Assert.Empty(cySees.Typing);
    }

    [Fact]
    public async Task Typing_signals_of_one_connection_are_throttled()
    {
        var roomId = await Rooms.CreateAsync(Server);
        var annUser = await Server.RegisterAsync("ann", "Ann");
        var boUser = await Server.RegisterAsync("bo", "Bo");
        var cyUser = await Server.RegisterAsync("cy", "Cy");
        await using var ann = await RecordingClient.ConnectAsync(Server, annUser);
        await using var bo = await RecordingClient.ConnectAsync(Server, boUser);
        await using var cy = await RecordingClient.ConnectAsync(Server, cyUser);
        var boSees = PresenceLog.Attach(bo.Hub);
        foreach (var client in new[] { ann, bo, cy })
        {
            await client.Hub.JoinRoomAsync(roomId);
        }
        await boSees.PresenceWithAsync(roomId, annUser.Email, boUser.Email, cyUser.Email);

        await ann.Hub.TypingAsync(roomId);
        await ann.Hub.TypingAsync(roomId);
        await ann.Hub.TypingAsync(roomId);
        // Signals of one room reach Bo in order: once Cy's is there, any of Ann's would be too.
        await cy.Hub.TypingAsync(roomId);
        await boSees.TypingFromAsync(cyUser.Email);

        Assert.Single(boSees.Typing, t => t.UserId == annUser.Email);
    }

    [Fact]
    public async Task A_user_without_access_never_appears()
    {
        var roomId = Rooms.NewId();
        var annUser = await Server.RegisterAsync("ann", "Ann");
        var boUser = await Server.RegisterAsync("bo", "Bo");
        var malloryUser = await Server.RegisterAsync("mallory", "Mallory");
        await Server.Grains().GetGrain<IRoomGrain>(roomId).CreateRestricted(
            Caller.System, "Working group", new RoomAccess("group:presence", [annUser.Email, boUser.Email]));
        await using var ann = await RecordingClient.ConnectAsync(Server, annUser);
        await using var bo = await RecordingClient.ConnectAsync(Server, boUser);
        await using var mallory = await RecordingClient.ConnectAsync(Server, malloryUser);
        var annSees = PresenceLog.Attach(ann.Hub);
        var mallorySees = PresenceLog.Attach(mallory.Hub);
        await ann.Hub.JoinRoomAsync(roomId);
        await annSees.PresenceWithAsync(roomId, annUser.Email);

        var refused = await Assert.ThrowsAsync<HubRealtimeException>(() => mallory.Hub.JoinRoomAsync(roomId));
        var typing = await Assert.ThrowsAsync<HubRealtimeException>(() => mallory.Hub.TypingAsync(roomId));
        await bo.Hub.JoinRoomAsync(roomId);
        await annSees.PresenceWithAsync(roomId, annUser.Email, boUser.Email);

        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        Assert.Equal(ErrorCodes.NotInRoom, typing.Code);
        Assert.All(annSees.Presence, e => Assert.DoesNotContain(e.Users, u => u.UserId == malloryUser.Email));
        Assert.Empty(mallorySees.Presence);
    }
}
