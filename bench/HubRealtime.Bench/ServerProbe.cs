using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Server.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Bench;

/// <summary>
/// Opt-in (--probe) stage timings inside HubRealtime without touching product code: a hub filter
/// (SendMessage starts), a grain call filter (the room grain's Send turn starts), a decorator on
/// <see cref="IChatLogStore"/> (the durable append) and one on the hub context that
/// <see cref="RoomFanout"/> sends groups through. Each message's text carries its client send
/// timestamp, so every stage is measured from the same origin as the client's latencies. Only
/// messages sent inside the measured window are recorded.
/// </summary>
internal sealed class ServerProbe
{
    private volatile Window? _window;

    public Latency SendToHub { get; } = new();
    public Latency SendToGrain { get; } = new();
    public Latency SendToAppendStart { get; } = new();
    public Latency AppendDuration { get; } = new();
    public Latency SendToCommitted { get; } = new();
    public Latency SendToFanout { get; } = new();
    public Latency GroupSendDuration { get; } = new();
    public long Appends;
    public long AppendedMessages;
    public long FanoutEvents;
    public long FanoutMessages;

    public void Arm(Window window) => _window = window;

    /// <summary>Added to RoomHub's hub options by <see cref="HubRealtimeTarget"/>.</summary>
    public IHubFilter HubFilter => new ProbeHubFilter(this);

    public void Install(IServiceCollection services)
    {
        services.AddSingleton<IIncomingGrainCallFilter>(new ProbeGrainCallFilter(this));
        services.AddSingleton<IChatLogStore>(sp => new ProbedChatLogStore(new SqliteChatLogStore(sp.GetRequiredService<SqliteDatabase>()), this));
        var hubContextType = services.First(d => d.ServiceType == typeof(IHubContext<>)).ImplementationType!.MakeGenericType(typeof(RoomHub));
        services.AddSingleton<IHubContext<RoomHub>>(sp =>
            new ProbedHubContext((IHubContext<RoomHub>)ActivatorUtilities.CreateInstance(sp, hubContextType), this));
    }

    internal void OnStage(Latency stage, string? text, long now)
    {
        var sent = Payload.SendTimestamp(text);
        if (_window is { } window && window.Contains(sent))
        {
            stage.RecordTicks(now - sent);
        }
    }

    internal void OnAppended(IReadOnlyList<ChatMessage> messages, long started, long finished)
    {
        if (_window is not { } window || messages.Count == 0 || !window.Contains(Payload.SendTimestamp(messages[0].Text)))
        {
            return;
        }
        Interlocked.Increment(ref Appends);
        Interlocked.Add(ref AppendedMessages, messages.Count);
        foreach (var message in messages)
        {
            var sent = Payload.SendTimestamp(message.Text);
            SendToAppendStart.RecordTicks(started - sent);
            AppendDuration.RecordTicks(finished - started);
            SendToCommitted.RecordTicks(finished - sent);
        }
    }

    internal void OnGroupSend(RoomEvent[] messages, long started, long finished)
    {
        if (_window is not { } window || messages.Length == 0 || !window.Contains(Payload.SendTimestamp(Payload.TextOf(messages[0]))))
        {
            return;
        }
        Interlocked.Increment(ref FanoutEvents);
        Interlocked.Add(ref FanoutMessages, messages.Length);
        GroupSendDuration.RecordTicks(finished - started);
        foreach (var message in messages)
        {
            SendToFanout.RecordTicks(started - Payload.SendTimestamp(Payload.TextOf(message)));
        }
    }
}
