using HubRealtime.Abstractions.Realtime;
using System.Diagnostics;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage;
using HubRealtime.Server.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Bench;

/// <summary>Times the start of each SendMessage hub invocation.</summary>
internal sealed class ProbeHubFilter(ServerProbe probe) : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (context.HubMethodName == RoomHubMethods.SendMessage && context.HubMethodArguments.Count == 2 && context.HubMethodArguments[1] is SendMessageRequest request)
        {
            probe.OnStage(probe.SendToHub, request.Text, Stopwatch.GetTimestamp());
        }
        return next(context);
    }
}

/// <summary>Times the start of each room grain Send turn.</summary>
internal sealed class ProbeGrainCallFilter(ServerProbe probe) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.MethodName == nameof(IRoomGrain.Send) && context.Request.GetArgumentCount() == 2 && context.Request.GetArgument(1) is SendMessageRequest request)
        {
            probe.OnStage(probe.SendToGrain, request.Text, Stopwatch.GetTimestamp());
        }
        return context.Invoke();
    }
}

/// <summary>Times each durable append of the chat log (SQLite writer queue + commit).</summary>
internal sealed class ProbedChatLogStore(IChatLogStore inner, ServerProbe probe) : IChatLogStore
{
    public int MaxBatchSize => inner.MaxBatchSize;

    public async Task AppendAsync(string roomId, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await inner.AppendAsync(roomId, messages, cancellationToken);
        probe.OnAppended(messages, started, Stopwatch.GetTimestamp());
    }

    public Task<long> GetLastSeqAsync(string roomId, CancellationToken cancellationToken = default) =>
        inner.GetLastSeqAsync(roomId, cancellationToken);

    public Task<IReadOnlyList<ChatMessage>> ReadRangeAsync(string roomId, long fromSeq, long toSeq, int limit, CancellationToken cancellationToken = default) =>
        inner.ReadRangeAsync(roomId, fromSeq, toSeq, limit, cancellationToken);

    public Task<ChatMessage?> FindByClientMessageIdAsync(string roomId, string senderId, string clientMessageId, CancellationToken cancellationToken = default) =>
        inner.FindByClientMessageIdAsync(roomId, senderId, clientMessageId, cancellationToken);

    public Task ApplyAsync(string roomId, ChatMessage change, ChatMessage target, CancellationToken cancellationToken = default) =>
        inner.ApplyAsync(roomId, change, target, cancellationToken);

    public Task<int> PurgeBeforeAsync(string roomId, DateTimeOffset cutoff, int maxRows, CancellationToken cancellationToken = default) =>
        inner.PurgeBeforeAsync(roomId, cutoff, maxRows, cancellationToken);
}

/// <summary>Times the fan-out's group sends (the hand-off of a committed batch to SignalR).</summary>
internal sealed class ProbedHubContext(IHubContext<RoomHub> inner, ServerProbe probe) : IHubContext<RoomHub>
{
    public IHubClients Clients { get; } = new ProbedClients(inner.Clients, probe);
    public IGroupManager Groups => inner.Groups;

    private sealed class ProbedClients(IHubClients inner, ServerProbe probe) : IHubClients
    {
        public IClientProxy All => inner.All;
        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => inner.AllExcept(excludedConnectionIds);
        public IClientProxy Client(string connectionId) => inner.Client(connectionId);
        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => inner.Clients(connectionIds);
        public IClientProxy Group(string groupName) => new ProbedProxy(inner.Group(groupName), probe);
        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => inner.GroupExcept(groupName, excludedConnectionIds);
        public IClientProxy Groups(IReadOnlyList<string> groupNames) => inner.Groups(groupNames);
        public IClientProxy User(string userId) => inner.User(userId);
        public IClientProxy Users(IReadOnlyList<string> userIds) => inner.Users(userIds);
    }

    private sealed class ProbedProxy(IClientProxy inner, ServerProbe probe) : IClientProxy
    {
        public async Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            var started = Stopwatch.GetTimestamp();
            await inner.SendCoreAsync(method, args, cancellationToken);
            if (args.Length == 2 && args[1] is RoomEvent[] messages)
            {
                probe.OnGroupSend(messages, started, Stopwatch.GetTimestamp());
            }
        }
    }
}
