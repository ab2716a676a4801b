using System.Diagnostics;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace HubRealtime.Bench;

/// <summary>
/// One load-generator connection, through the product's typed client: joins one room, records the
/// send→deliver latency of every message it receives and, when it sends, the send→ack latency.
/// </summary>
internal sealed class BenchClient : IAsyncDisposable
{
    private readonly RoomHubClient _client;
    private readonly Lock _receiveGate = new();
    private Window? _window;
    private long _lastSeq;
    private long _nextId;

    /// <param name="accessToken">Null for a target that takes the query identity; else asked once, on connect (the account is made then).</param>
    public BenchClient(Uri server, int index, string roomId, Func<Task<string?>>? accessToken = null)
    {
        Index = index;
        RoomId = roomId;
        if (accessToken is null)
        {
            _client = RoomHubClient.Create(server, $"bench-u{index}", $"Bench user {index}");
        }
        else
        {
            var token = new Lazy<Task<string?>>(accessToken);
            _client = RoomHubClient.Create(server, () => token.Value);
        }
        _client.OnEvents(OnEvents);
    }

    public int Index { get; }
    public string RoomId { get; }
    public bool Connected => _client.Connection.State == HubConnectionState.Connected;

    /// <summary>Send→deliver latency of messages sent inside the window.</summary>
    public Latency Deliver { get; } = new();

    /// <summary>Send→ack latency of this client's sends inside the window.</summary>
    public Latency Ack { get; } = new();

    // Receiving side.
    public long Deliveries;            // every message received
    public long DeliveredInWindow;     // received at a time inside the window (throughput)
    public long DeliveriesOfWindowSends; // messages sent inside the window, received whenever (completeness)
    public long OutOfOrder;            // seq not exactly last + 1

    // Sending side.
    public long SentInWindow;
    public long AckedInWindow;
    public long AckedTotal;
    public long Errors;
    public long Outstanding;
    public string? FirstError;

    public async Task ConnectAndJoinAsync(CancellationToken cancellationToken)
    {
        await _client.StartAsync(cancellationToken);
        var snapshot = await _client.JoinRoomAsync(RoomId, cancellationToken);
        lock (_receiveGate)
        {
            _lastSeq = Math.Max(_lastSeq, snapshot.LastSeq);
        }
    }

    public void Arm(Window window) => _window = window;

    private void OnEvents(string roomId, IReadOnlyList<RoomEvent> messages)
    {
        var now = Stopwatch.GetTimestamp();
        var window = _window;
        lock (_receiveGate)
        {
            foreach (var message in messages)
            {
                Deliveries++;
                if (message.Seq != _lastSeq + 1)
                {
                    OutOfOrder++;
                }
                _lastSeq = Math.Max(_lastSeq, message.Seq);
                if (window is null)
                {
                    continue;
                }
                if (window.Contains(now))
                {
                    DeliveredInWindow++;
                }
                var sent = Payload.SendTimestamp(Payload.TextOf(message));
                if (window.Contains(sent))
                {
                    DeliveriesOfWindowSends++;
                    Deliver.RecordTicks(now - sent);
                }
            }
        }
    }

    /// <summary>Sends one message stamped <paramref name="sendTimestamp"/> and waits for its ack. Never throws.</summary>
    public async Task SendAsync(long sendTimestamp, int payloadChars, CancellationToken cancellationToken)
    {
        var window = _window!;
        var inWindow = window.Contains(sendTimestamp);
        var n = Interlocked.Increment(ref _nextId);
        if (inWindow)
        {
            Interlocked.Increment(ref SentInWindow);
        }
        Interlocked.Increment(ref Outstanding);
        try
        {
            await _client.SendMessageAsync(RoomId, $"b{Index}-{n}", Payload.Create(sendTimestamp, Index, n, payloadChars), cancellationToken: cancellationToken);
            var acked = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref AckedTotal);
            if (inWindow)
            {
                Interlocked.Increment(ref AckedInWindow);
                Ack.RecordTicks(acked - sendTimestamp);
            }
        }
        catch (Exception error)
        {
            Interlocked.Increment(ref Errors);
            Interlocked.CompareExchange(ref FirstError, $"{error.GetType().Name}: {error.Message}", null);
        }
        finally
        {
            Interlocked.Decrement(ref Outstanding);
        }
    }

    public long ReadDeliveries()
    {
        lock (_receiveGate)
        {
            return Deliveries;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _client.StopAsync(timeout.Token);
        }
        catch (Exception)
        {
            // Closing is best effort; the server goes away next anyway.
        }
        await _client.DisposeAsync();
    }
}
