using System.Diagnostics;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace HubRealtime.Bench;

/// <summary>
/// One meeting participant's connection (the product's typed client): joins its breakout room and the
/// plenary, records send→deliver of every message another participant sent, and sends when told.
/// </summary>
internal sealed class MeetingParticipant : IAsyncDisposable
{
    private readonly RoomHubClient _client;
    private readonly Lock _receiveGate = new();
    private readonly MeetingMeasure _measure;
    private long _lastBreakoutSeq;
    private long _lastPlenarySeq;
    private long _nextId;

    public MeetingParticipant(Uri server, MeetingSeat seat, string breakoutRoomId, string plenaryRoomId, MeetingMeasure measure)
    {
        Seat = seat;
        BreakoutRoomId = breakoutRoomId;
        PlenaryRoomId = plenaryRoomId;
        _measure = measure;
        var token = seat.AccessToken;
        _client = token is null
            ? RoomHubClient.Create(server, seat.UserId, seat.DisplayName)
            : RoomHubClient.Create(server, () => Task.FromResult<string?>(token));
        _client.OnEvents(OnEvents);
    }

    public MeetingSeat Seat { get; }
    public string BreakoutRoomId { get; }
    public string PlenaryRoomId { get; }
    public bool Connected => _client.Connection.State == HubConnectionState.Connected;

    public long AckedBreakout;
    public long AckedPlenary;
    public long AckedBreakoutInWindow;
    public long AckedPlenaryInWindow;
    public long Outstanding;

    /// <summary>Connects and joins both rooms; a failed attempt (e.g. a handshake timeout while the server is busy with joins) is retried twice. Returns the retries.</summary>
    public async Task<int> ConnectAndJoinAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await TryConnectAndJoinAsync(cancellationToken);
                return attempt;
            }
            catch (Exception) when (attempt < 2 && !cancellationToken.IsCancellationRequested)
            {
                await _client.StopAsync(cancellationToken);
            }
        }
    }

    private async Task TryConnectAndJoinAsync(CancellationToken cancellationToken)
    {
        await _client.StartAsync(cancellationToken);
        var breakout = await _client.JoinRoomAsync(BreakoutRoomId, cancellationToken);
        var plenary = await _client.JoinRoomAsync(PlenaryRoomId, cancellationToken);
        lock (_receiveGate)
        {
            _lastBreakoutSeq = Math.Max(_lastBreakoutSeq, breakout.LastSeq);
            _lastPlenarySeq = Math.Max(_lastPlenarySeq, plenary.LastSeq);
        }
    }

    private void OnEvents(string roomId, IReadOnlyList<RoomEvent> messages)
    {
        var now = Stopwatch.GetTimestamp();
        var plenary = roomId == PlenaryRoomId;
        var window = _measure.Window;
        lock (_receiveGate)
        {
            foreach (var message in messages)
            {
                ref var last = ref plenary ? ref _lastPlenarySeq : ref _lastBreakoutSeq;
                if (message.Seq != last + 1)
                {
                    Interlocked.Increment(ref _measure.OutOfOrder);
                }
                last = Math.Max(last, message.Seq);
                if (Payload.Sender(Payload.TextOf(message)) == Seat.Index)
                {
                    Interlocked.Increment(ref _measure.OwnDeliveries);
                    continue;
                }
                Interlocked.Increment(ref _measure.DeliveriesTotal);
                if (window.Contains(now))
                {
                    Interlocked.Increment(ref _measure.DeliveredInWindow);
                }
                var sent = Payload.SendTimestamp(Payload.TextOf(message));
                if (window.Contains(sent))
                {
                    Interlocked.Increment(ref _measure.DeliveriesOfWindowSends);
                    (plenary ? _measure.PlenaryDeliver : _measure.BreakoutDeliver).RecordTicks(now - sent);
                }
            }
        }
    }

    /// <summary>Sends one message stamped with its scheduled time and waits for the ack. Never throws.</summary>
    public async Task SendAsync(bool toPlenary, long scheduled, int payloadChars, CancellationToken cancellationToken)
    {
        var inWindow = _measure.Window.Contains(scheduled);
        var n = Interlocked.Increment(ref _nextId);
        if (inWindow)
        {
            Interlocked.Increment(ref toPlenary ? ref _measure.SentPlenaryInWindow : ref _measure.SentBreakoutInWindow);
        }
        Interlocked.Increment(ref Outstanding);
        try
        {
            await _client.SendMessageAsync(toPlenary ? PlenaryRoomId : BreakoutRoomId, $"m{Seat.Index}-{n}", Payload.Create(scheduled, Seat.Index, n, payloadChars), cancellationToken: cancellationToken);
            var acked = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref toPlenary ? ref AckedPlenary : ref AckedBreakout);
            if (inWindow)
            {
                Interlocked.Increment(ref toPlenary ? ref AckedPlenaryInWindow : ref AckedBreakoutInWindow);
                _measure.Ack.RecordTicks(acked - scheduled);
            }
        }
        catch (Exception error)
        {
            Interlocked.Increment(ref _measure.SendErrors);
            Interlocked.CompareExchange(ref _measure.FirstError, $"{error.GetType().Name}: {error.Message}", null);
        }
        finally
        {
            Interlocked.Decrement(ref Outstanding);
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
            // Closing is best effort; the process ends next anyway.
        }
        await _client.DisposeAsync();
    }
}
