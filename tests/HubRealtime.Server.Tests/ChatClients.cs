using System.Collections.Concurrent;
using System.Net.Http.Json;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Client;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests;

/// <summary>A connected test client that records every <c>Messages</c> event, per room, in arrival order.</summary>
internal sealed class RecordingClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<RoomEvent> _received = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _gate = new();

    private RecordingClient(RoomHubClient hub) => Hub = hub;

    public RoomHubClient Hub { get; }

    public IReadOnlyList<RoomEvent> Received => [.. _received];

    /// <summary>Registers a new member named <paramref name="name"/> and connects as them.</summary>
    public static async Task<RecordingClient> ConnectAsync(HubRealtimeServer server, string name) =>
        await ConnectAsync(server, await server.RegisterAsync(name));

    /// <summary>Connects as <paramref name="user"/> with a bearer token (by default from the token endpoint).</summary>
    public static async Task<RecordingClient> ConnectAsync(HubRealtimeServer server, TestUser user, Func<TestUser, Task<string>>? tokens = null)
    {
        var token = await (tokens ?? server.TokenAsync)(user);
        var client = new RecordingClient(RoomHubClient.Create(server.BaseAddress, () => Task.FromResult<string?>(token)));
        client.Hub.OnEvents((_, messages) =>
        {
            lock (client._gate)
            {
                foreach (var m in messages)
                {
                    client._received.Enqueue(m);
                }
                foreach (var waiter in client._waiters.Where(w => client._received.Count >= w.Count))
                {
                    waiter.Done.TrySetResult();
                }
            }
        });
        await client.Hub.StartAsync();
        return client;
    }

    /// <summary>Completes when at least <paramref name="count"/> messages have arrived (fails after the timeout).</summary>
    public Task WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_received.Count >= count)
            {
                return Task.CompletedTask;
            }
            _waiters.Add((count, done));
        }
        return done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}

internal static class Rooms
{
    public static string NewId() => "hub-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Creates an open room through the API as a newly registered facilitator.</summary>
    public static async Task<string> CreateAsync(HubRealtimeServer server, string title = "Breakout")
    {
        var roomId = NewId();
        var facilitator = await server.RegisterAsync("facilitator", "Facilitator");
        using var http = server.Client(await server.TokenAsync(facilitator));
        var response = await http.PostAsJsonAsync("/api/rooms", new { roomId, title });
        response.EnsureSuccessStatusCode();
        return roomId;
    }
}
