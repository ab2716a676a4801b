using System.Diagnostics;

namespace HubRealtime.Bench;

/// <summary>What the whole process (servers and load generator together) did during the measured window.</summary>
internal sealed record RuntimeStats(double CpuPercentOfMachine, int Gen0, int Gen1, int Gen2, double GcPauseMs, long MaxThreadPoolQueue, int MaxThreads);

/// <summary>Samples process CPU, GC and thread-pool backlog over the measured window (100 ms ticks).</summary>
internal static class RuntimeSampler
{
    public static async Task<RuntimeStats> Start(Window window, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var delay = window.Start - Stopwatch.GetTimestamp();
        if (delay > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(delay / (double)Stopwatch.Frequency), cancellationToken);
        }
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var wall0 = Stopwatch.GetTimestamp();
        var gc0 = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var pause0 = GC.GetTotalPauseDuration();
        long maxQueue = 0;
        var maxThreads = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (Stopwatch.GetTimestamp() < window.End && await timer.WaitForNextTickAsync(cancellationToken))
        {
            maxQueue = Math.Max(maxQueue, ThreadPool.PendingWorkItemCount);
            maxThreads = Math.Max(maxThreads, ThreadPool.ThreadCount);
        }
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        var wall = Stopwatch.GetElapsedTime(wall0).TotalSeconds;
        return new RuntimeStats(
            100 * cpu / (wall * Environment.ProcessorCount),
            GC.CollectionCount(0) - gc0.Item1, GC.CollectionCount(1) - gc0.Item2, GC.CollectionCount(2) - gc0.Item3,
            (GC.GetTotalPauseDuration() - pause0).TotalMilliseconds, maxQueue, maxThreads);
    }
}
