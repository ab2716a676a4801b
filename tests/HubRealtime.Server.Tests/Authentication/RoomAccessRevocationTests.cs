using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Realtime;
using HubRealtime.Abstractions.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace HubRealtime.Server.Tests.Authentication;

[Collection(AuthServerCollection.Name)]
public sealed class RoomAccessRevocationTests(AuthServerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_member_removed_from_a_restricted_room_stops_receiving_its_live_messages_at_once()
    {
        var ann = await fixture.NewMemberAsync();
        var bob = await fixture.NewMemberAsync();
        var roomId = "rv-" + Guid.NewGuid().ToString("N")[..16];
        var room = fixture.Grains.GetGrain<IRoomGrain>(roomId);
        await room.CreateRestricted(Caller.System, "Working group", new RoomAccess("group:revocation", [ann, bob]));
        await using var annHub = fixture.Hub(await fixture.TokenAsync(ann));
        await using var bobHub = fixture.Hub(await fixture.TokenAsync(bob));
        var bobSaw = new List<string>();
        var bobRevoked = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bobGotFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bobHub.On<string, List<RoomEvent>>(RoomClientEvents.Events, (_, messages) =>
        {
            lock (bobSaw)
            {
                bobSaw.AddRange(messages.Select(m => m.Text()));
            }
            bobGotFirst.TrySetResult();
        });
        bobHub.On<string>("RoomAccessRevoked", id => bobRevoked.TrySetResult(id));
        var annGot = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        annHub.On<string, List<RoomEvent>>(RoomClientEvents.Events, (_, messages) =>
        {
            if (messages.Any(m => m.Text() == "after"))
            {
                annGot.TrySetResult();
            }
        });
        await annHub.StartAsync();
        await bobHub.StartAsync();
        await annHub.InvokeAsync<RoomSnapshot>("JoinRoom", roomId);
        await bobHub.InvokeAsync<RoomSnapshot>("JoinRoom", roomId);
        await annHub.InvokeAsync<SendAck>("SendMessage", roomId, new SendMessageRequest("m1", "before"));
        await bobGotFirst.Task.WaitAsync(Patience);

        await room.ConfigureAccess(Caller.System, new RoomAccess("group:revocation", [ann]));
        Assert.Equal(roomId, await bobRevoked.Task.WaitAsync(Patience));
        await annHub.InvokeAsync<SendAck>("SendMessage", roomId, new SendMessageRequest("m2", "after"));
        await annGot.Task.WaitAsync(Patience);
        // A round trip on bob's own connection: anything sent to it before now has arrived.
        await Assert.ThrowsAsync<HubException>(() => bobHub.InvokeAsync<RoomEventPage>("GetMissed", roomId, 0L, 10));

        lock (bobSaw)
        {
            Assert.Equal(["before"], bobSaw);
        }
    }
}
