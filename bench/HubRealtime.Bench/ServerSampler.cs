using System.Diagnostics;

namespace HubRealtime.Bench;

/// <summary>One reading of this process's memory: resident set (working set) and managed heap (live and not yet collected), bytes.</summary>
internal sealed record MemorySample(long WorkingSet, long ManagedHeap)
{
    public static MemorySample Now()
    {
        using var process = Process.GetCurrentProcess();
        return new MemorySample(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
    }

    public MemorySample Max(MemorySample other) => new(Math.Max(WorkingSet, other.WorkingSet), Math.Max(ManagedHeap, other.ManagedHeap));
}

/// <summary>What the server process did: memory at each phase and its CPU and GC during the measured window.</summary>
internal sealed record ServerStats(
    string Description,
    string RoomsHow,
    double SetupSeconds,
    MemorySample Idle,
    MemorySample Joined,
    MemorySample WindowEnd,
    MemorySample Peak,
    long LiveHeapAfterGc,
    double CpuPercentOfMachine,
    int Gen0,
    int Gen1,
    int Gen2,
    double GcPauseMs,
    IReadOnlyList<ProbeStage>? Probe = null);

/// <summary>One --probe stage inside the server (ms from the client's scheduled send), or a count in Note.</summary>
internal sealed record ProbeStage(string Name, LatencySummary Latency, string? Note = null)
{
    /// <summary>The probe's stages, for messages sent inside the window (see <see cref="ServerProbe"/>).</summary>
    public static IReadOnlyList<ProbeStage> From(ServerProbe p, double windowSeconds)
    {
        static double Ratio(long a, long b) => b == 0 ? double.NaN : a / (double)b;
        var appends = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{p.Appends / windowSeconds:0.0} appends/s, {Ratio(p.AppendedMessages, p.Appends):0.0} messages per append; {p.FanoutEvents / windowSeconds:0.0} group sends/s, {Ratio(p.FanoutMessages, p.FanoutEvents):0.0} messages per group send");
        return
        [
            new("send -> hub SendMessage starts", p.SendToHub.Summarize(), appends),
            new("send -> room grain Send turn starts", p.SendToGrain.Summarize()),
            new("send -> append starts (group-commit queue)", p.SendToAppendStart.Summarize()),
            new("append (SQLite writer queue + commit + resume)", p.AppendDuration.Summarize()),
            new("send -> committed (grain resumed)", p.SendToCommitted.Summarize()),
            new("send -> fan-out hands batch to SignalR", p.SendToFanout.Summarize()),
            new("group send call (per event, not from send)", p.GroupSendDuration.Summarize()),
        ];
    }
}

/// <summary>
/// Samples the server process every 100 ms from the moment every participant has joined: the peak
/// memory, the memory when the measured window ends, and CPU and GC over the window.
/// </summary>
internal sealed class ServerSampler
{
    private readonly Lock _gate = new();
    private MemorySample _peak = new(0, 0);
    private MemorySample? _windowEnd;
    private Window? _window;
    private (TimeSpan Cpu, long Wall, int Gen0, int Gen1, int Gen2, TimeSpan Pause)? _atStart;
    private (double Cpu, int Gen0, int Gen1, int Gen2, double PauseMs)? _overWindow;

    public void SetWindow(Window window)
    {
        lock (_gate)
        {
            _window = window;
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                Tick();
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
            // Stopped by the orchestrator.
        }
        Tick();
    }

    private void Tick()
    {
        var sample = MemorySample.Now();
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            _peak = _peak.Max(sample);
            if (_window is not { } window)
            {
                return;
            }
            if (_atStart is null && now >= window.Start)
            {
                using var process = Process.GetCurrentProcess();
                _atStart = (process.TotalProcessorTime, now, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
            }
            if (_atStart is { } start && _overWindow is null && now >= window.End)
            {
                using var process = Process.GetCurrentProcess();
                var wall = (now - start.Wall) / (double)Stopwatch.Frequency;
                _overWindow = (100 * (process.TotalProcessorTime - start.Cpu).TotalSeconds / (wall * Environment.ProcessorCount),
                    GC.CollectionCount(0) - start.Gen0, GC.CollectionCount(1) - start.Gen1, GC.CollectionCount(2) - start.Gen2,
                    (GC.GetTotalPauseDuration() - start.Pause).TotalMilliseconds);
                _windowEnd = sample;
            }
        }
    }

    public ServerStats Finish(string description, string roomsHow, double setupSeconds, MemorySample idle, MemorySample joined, ServerProbe? probe)
    {
        lock (_gate)
        {
            var window = _overWindow ?? (double.NaN, 0, 0, 0, double.NaN);
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var live = GC.GetTotalMemory(forceFullCollection: true);
            return new ServerStats(description, roomsHow, setupSeconds, idle, joined, _windowEnd ?? new MemorySample(0, 0), _peak, live,
                window.Cpu, window.Gen0, window.Gen1, window.Gen2, window.PauseMs,
                probe is null || _window is null ? null : ProbeStage.From(probe, _window.Seconds));
        }
    }
}
