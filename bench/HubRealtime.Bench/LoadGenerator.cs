using System.Diagnostics;

namespace HubRealtime.Bench;

/// <summary>
/// Drives one target: C clients over R rooms (client i in room i mod R), the first S of them send.
/// Saturation: each sender keeps K sends outstanding (K loops of send-await-ack). Rate: one pacer
/// issues M messages/s in total on a fixed schedule (message k is due at start + k/M), round robin
/// over the senders, without waiting for acks (open loop, up to --max-outstanding per sender);
/// latencies are taken from the scheduled time, so a server that falls behind is charged for it.
/// Sending stops after warmup + duration; then acks and deliveries are drained with a timeout.
/// </summary>
internal sealed class LoadGenerator(BenchOptions options, IBenchTarget target)
{
    public async Task<RunResult> RunAsync()
    {
        var clients = Enumerable.Range(0, options.Clients)
            .Select(i => new BenchClient(target.BaseAddress, i, target.RoomIds[i % target.RoomIds.Count], AccessTokenOf(i)))
            .ToArray();
        try
        {
            await JoinAllAsync(clients);
            return await MeasureAsync(clients);
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Null for a target without accounts, so that its clients use the query identity.</summary>
    private Func<Task<string?>>? AccessTokenOf(int index) =>
        !target.UsesAccounts ? null : () => target.AccessTokenAsync(index, CancellationToken.None);

    private static async Task JoinAllAsync(BenchClient[] clients)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(clients.Select(async client =>
        {
            await gate.WaitAsync(timeout.Token);
            try
            {
                await client.ConnectAndJoinAsync(timeout.Token);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private async Task<RunResult> MeasureAsync(BenchClient[] clients)
    {
        var members = clients.GroupBy(c => c.RoomId).ToDictionary(g => g.Key, g => g.Count());
        var senders = clients.Take(options.SendersEffective).ToArray();

        var start = Stopwatch.GetTimestamp();
        var window = new Window(start + Window.Ticks(options.WarmupSeconds), start + Window.Ticks(options.WarmupSeconds + options.DurationSeconds));
        foreach (var client in clients)
        {
            client.Arm(window);
        }
        target.Probe?.Arm(window);
        // Hard stop: nothing outlives sending + drain + a margin.
        using var hardStop = new CancellationTokenSource(TimeSpan.FromSeconds(options.WarmupSeconds + options.DurationSeconds + options.DrainSeconds + 5));
        var sampler = RuntimeSampler.Start(window, hardStop.Token);

        if (options.Mode == BenchMode.Rate)
        {
            await PaceAsync(senders, start, window.End, hardStop.Token);
        }
        else
        {
            await SaturateAsync(senders, window.End, hardStop.Token);
        }

        var drainStarted = Stopwatch.GetTimestamp();
        var expectedTotal = await DrainAsync(clients, senders, members, hardStop.Token);
        var drainSeconds = Stopwatch.GetElapsedTime(drainStarted).TotalSeconds;
        var runtime = await sampler;
        return RunResult.Collect(target, options, window, clients, senders, members, expectedTotal, drainSeconds, runtime);
    }

    private Task SaturateAsync(BenchClient[] senders, long end, CancellationToken hardStop) =>
        Task.WhenAll(senders.SelectMany(sender => Enumerable.Range(0, options.Inflight).Select(async _ =>
        {
            await Task.Yield();
            while (Stopwatch.GetTimestamp() < end && !hardStop.IsCancellationRequested && sender.Connected)
            {
                await sender.SendAsync(Stopwatch.GetTimestamp(), options.PayloadChars, hardStop);
            }
        })));

    private async Task PaceAsync(BenchClient[] senders, long start, long end, CancellationToken hardStop)
    {
        var interval = Stopwatch.Frequency / options.Rate; // ticks between scheduled messages
        var capacity = senders.Select(_ => new SemaphoreSlim(options.MaxOutstanding)).ToArray();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
        long issued = 0;
        try
        {
            while (!hardStop.IsCancellationRequested)
            {
                var now = Stopwatch.GetTimestamp();
                var due = (long)((now - start) / interval) + 1;
                while (issued < due)
                {
                    var scheduled = start + (long)(issued * interval);
                    if (scheduled >= end)
                    {
                        return;
                    }
                    var slot = (int)(issued % senders.Length);
                    await capacity[slot].WaitAsync(hardStop);
                    issued++;
                    _ = SendReleasingAsync(senders[slot], scheduled, capacity[slot], hardStop);
                }
                if (start + (long)(issued * interval) >= end)
                {
                    return;
                }
                await timer.WaitForNextTickAsync(hardStop);
            }
        }
        catch (OperationCanceledException)
        {
            // Hard stop reached; the drain reports what is missing.
        }
    }

    private async Task SendReleasingAsync(BenchClient sender, long scheduled, SemaphoreSlim capacity, CancellationToken hardStop)
    {
        try
        {
            await sender.SendAsync(scheduled, options.PayloadChars, hardStop);
        }
        finally
        {
            capacity.Release();
        }
    }

    /// <summary>Waits for every send to finish and every acked message to reach every member of its room. Returns the expected delivery count.</summary>
    private async Task<long> DrainAsync(BenchClient[] clients, BenchClient[] senders, Dictionary<string, int> members, CancellationToken hardStop)
    {
        var deadline = Stopwatch.GetTimestamp() + Window.Ticks(options.DrainSeconds);
        long Expected() => senders.Sum(s => Interlocked.Read(ref s.AckedTotal) * members[s.RoomId]);
        while (Stopwatch.GetTimestamp() < deadline && !hardStop.IsCancellationRequested)
        {
            var sending = senders.Sum(s => Interlocked.Read(ref s.Outstanding));
            if (sending == 0 && clients.Sum(c => c.ReadDeliveries()) >= Expected())
            {
                break;
            }
            await Task.Delay(20, CancellationToken.None);
        }
        return Expected();
    }
}
