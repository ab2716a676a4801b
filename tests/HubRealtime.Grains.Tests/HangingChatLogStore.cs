using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage;

namespace HubRealtime.Grains.Tests;

/// <summary>
/// The real embedded chat log behind a switch that freezes it. <see cref="Freeze"/>: every call waits
/// until <see cref="Release"/>, and a write whose deadline passes meanwhile is never sent (as the SQLite
/// writer does with a queued write). <see cref="FreezeInFlight"/>: writes count as sent, so they apply on
/// release whatever their caller does, and a deadline passing reports an unknown outcome (as an Azure
/// request that got no answer).
/// </summary>
public sealed class HangingChatLogStore(IChatLogStore inner) : IChatLogStore
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _frozen;
    private bool _inFlight;

    public int MaxBatchSize => inner.MaxBatchSize;

    /// <summary>The store under the switch, for tests that check what is really stored.</summary>
    public IChatLogStore Inner => inner;

    public void Freeze(bool inFlight = false)
    {
        lock (_gate)
        {
            _frozen = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _inFlight = inFlight;
        }
    }

    /// <summary>The last write sent while frozen in flight; completes once it was applied.</summary>
    public Task LastSentWrite { get; private set; } = Task.CompletedTask;

    public void FreezeInFlight() => Freeze(inFlight: true);

    public void Release()
    {
        lock (_gate)
        {
            _frozen?.TrySetResult();
            _frozen = null;
        }
    }

    public async Task<long> GetLastSeqAsync(string roomId, CancellationToken cancellationToken = default)
    {
        await WaitAsync(cancellationToken);
        return await inner.GetLastSeqAsync(roomId, cancellationToken);
    }

    public Task AppendAsync(string roomId, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken = default) =>
        WriteAsync(() => inner.AppendAsync(roomId, messages, CancellationToken.None), cancellationToken);

    public async Task<IReadOnlyList<ChatMessage>> ReadRangeAsync(string roomId, long fromSeq, long toSeq, int limit, CancellationToken cancellationToken = default)
    {
        await WaitAsync(cancellationToken);
        return await inner.ReadRangeAsync(roomId, fromSeq, toSeq, limit, cancellationToken);
    }

    public async Task<ChatMessage?> FindByClientMessageIdAsync(string roomId, string senderId, string clientMessageId, CancellationToken cancellationToken = default)
    {
        await WaitAsync(cancellationToken);
        return await inner.FindByClientMessageIdAsync(roomId, senderId, clientMessageId, cancellationToken);
    }

    public Task ApplyAsync(string roomId, ChatMessage change, ChatMessage target, CancellationToken cancellationToken = default) =>
        WriteAsync(() => inner.ApplyAsync(roomId, change, target, CancellationToken.None), cancellationToken);

    public async Task<int> PurgeBeforeAsync(string roomId, DateTimeOffset cutoff, int maxRows, CancellationToken cancellationToken = default)
    {
        await WaitAsync(cancellationToken);
        return await inner.PurgeBeforeAsync(roomId, cutoff, maxRows, cancellationToken);
    }

    private async Task WriteAsync(Func<Task> write, CancellationToken cancellationToken)
    {
        TaskCompletionSource? frozen;
        bool inFlight;
        lock (_gate)
        {
            (frozen, inFlight) = (_frozen, _inFlight);
        }
        if (frozen is null)
        {
            await write();
            return;
        }
        if (!inFlight)
        {
            await frozen.Task.WaitAsync(cancellationToken);
            await write();
            return;
        }
        // Sent: it applies on release, whether or not its caller still waits.
        var applied = frozen.Task.ContinueWith(_ => write(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        LastSentWrite = applied;
        try
        {
            await applied.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException error) when (cancellationToken.IsCancellationRequested)
        {
            throw new StorageOutcomeUnknownException("Sent, not answered.", error);
        }
    }

    private Task WaitAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource? frozen;
        lock (_gate)
        {
            frozen = _frozen;
        }
        return frozen is null ? Task.CompletedTask : frozen.Task.WaitAsync(cancellationToken);
    }
}
