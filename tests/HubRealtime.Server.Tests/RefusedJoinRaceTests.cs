using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Client;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests;

/// <summary>
/// Nothing of a restricted room exists for a connection before the room admitted it: an outsider who
/// fires refused joins and, without awaiting them, presence and typing calls, while the members flood
/// the room, gets no event of it and no answer about it. (A regression: the hub used to enter the group
/// and the joined set before the grain decided.)
/// </summary>
public sealed class RefusedJoinRaceTests
{
    private const int Iterations = 150;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Refused_joins_raced_against_a_flooding_room_see_no_event_and_no_presence_answer()
    {
        using var data = new TempDirectory("hubrealtime-join-race");
        // Rate limits off, as the attacker's best case: every call reaches the hub.
        await using var server = HubRealtimeServer.StartEmbedded(data.Path, new Dictionary<string, string?> { ["HubRealtime:RateLimits:Enabled"] = "false" });
        var ann = await server.RegisterAsync("ann", "Ann");
        var mallory = await server.RegisterAsync("mallory", "Mallory");
        var roomId = Rooms.NewId();
        await server.Services.GetRequiredService<IGrainFactory>().GetGrain<IRoomGrain>(roomId).CreateRestricted(
            Caller.System, "Working group", new RoomAccess("group:race", [ann.Email]));

        await using var member = await RecordingClient.ConnectAsync(server, ann);
        await member.Hub.JoinRoomAsync(roomId);
        await using var outsider = RoomHubClient.Create(server.BaseAddress, async () => await server.TokenAsync(mallory));
        var leaked = 0;
        outsider.OnEvents((_, messages) => Interlocked.Add(ref leaked, messages.Count));
        outsider.OnPresence(_ => Interlocked.Increment(ref leaked));
        outsider.OnPresenceChanged(_ => Interlocked.Increment(ref leaked));
        outsider.OnTyping(_ => Interlocked.Increment(ref leaked));
        await outsider.StartAsync();

        using var stop = new CancellationTokenSource();
        var sent = 0;
        // Eight sends in flight at all times (they share group commits), and typing signals.
        var flood = Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sent);
                await Task.WhenAll(member.Hub.SendMessageAsync(roomId, $"flood-{n}", $"members only {n}"), member.Hub.TypingAsync(roomId));
            }
        })));

        var refusedJoins = 0;
        var answers = 0;
        for (var i = 0; i < Iterations; i++)
        {
            // Not awaited one by one: the calls of one connection run in parallel on the server.
            var join = Outcome(outsider.JoinRoomAsync(roomId));
            var presence = Outcome(outsider.GetPresenceAsync(roomId));
            var typing = Outcome(outsider.TypingAsync(roomId));
            var missed = Outcome(outsider.GetMissedAsync(roomId, 0, 10));
            if (await join == ErrorCodes.Forbidden)
            {
                refusedJoins++;
            }
            answers += new[] { await presence, await typing, await missed }.Count(code => code == "ok");
        }
        await stop.CancelAsync();
        await flood;
        // A last message the member sees: anything the outsider was sent before it has had its chance.
        await member.Hub.SendMessageAsync(roomId, "last", "the end");
        await member.WaitForAsync(Volatile.Read(ref sent) + 1, Patience);

        Assert.True(Volatile.Read(ref sent) > 8, $"the room was not flooded ({sent} messages)");
        Assert.Equal(Iterations, refusedJoins);
        Assert.Equal(0, answers);
        Assert.Equal(0, Volatile.Read(ref leaked));
    }

    /// <summary>"ok", or the hub error's code.</summary>
    private static async Task<string> Outcome(Task call)
    {
        try
        {
            await call;
            return "ok";
        }
        catch (HubRealtimeException error)
        {
            return error.Code;
        }
    }
}
