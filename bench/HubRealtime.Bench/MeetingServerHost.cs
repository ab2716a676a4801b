using System.Diagnostics;
using System.Globalization;

namespace HubRealtime.Bench;

/// <summary>
/// Child process "--role meeting-server": hosts one target for one meeting size, alone in its process
/// so that its memory and CPU are the server's. Talks to the orchestrator by lines: prints READY once
/// the seats file is written (the set-up time excludes registering the accounts, done once before); reads "joined", "window &lt;start&gt; &lt;end&gt;" (Stopwatch ticks, the same
/// monotonic clock in every process of the machine) and "stop"; then prints "SERVER &lt;json&gt;".
/// </summary>
internal static class MeetingServerHost
{
    public const string Ready = "READY";
    public const string ResultPrefix = "SERVER ";

    /// <summary>"--role meeting-accounts": registers the largest meeting's participants into --accounts-dir, stops, prints READY.</summary>
    public static async Task<int> RegisterAccountsAsync(BenchOptions options)
    {
        var directory = options.AccountsDirectory ?? throw new ArgumentException("--accounts-dir is required");
        await using (var target = HubRealtimeTarget.Start(0, options.DataDirectory, probe: false, options.HubParallel, keepDirectory: directory))
        {
            await MeetingSetup.RegisterAsync(target, options.Participants.Max());
        }
        Console.WriteLine(Ready);
        return 0;
    }

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var plan = MeetingPlan.For(options.Participants[0], options.RoomSize);
        var seatsFile = options.SeatsFile ?? throw new ArgumentException("--seats-file is required");
        var name = options.Targets[0];
        var setup = Stopwatch.StartNew();
        if (name == "hubrealtime" && options.AccountsDirectory is null)
        {
            throw new ArgumentException("--accounts-dir is required for hubrealtime");
        }
        IBenchTarget target = name == "hubrealtime"
            ? HubRealtimeTarget.Start(0, options.DataDirectory, options.Probe, options.HubParallel, copyFrom: options.AccountsDirectory)
            : await BaselineServer.StartAsync(0, options.HubParallel);
        await using (target)
        {
            var seats = target is HubRealtimeTarget hub
                ? await MeetingSetup.HubRealtimeAsync(plan, hub)
                : MeetingSetup.Baseline(plan, target.BaseAddress);
            seats.Write(seatsFile);
            var setupSeconds = setup.Elapsed.TotalSeconds;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var idle = MemorySample.Now();
            Console.WriteLine(Ready);

            var sampler = new ServerSampler();
            using var stopSampling = new CancellationTokenSource();
            Task? sampling = null;
            var joined = idle;
            while (await Console.In.ReadLineAsync() is { } line && line != "stop")
            {
                var parts = line.Split(' ');
                if (parts[0] == "joined")
                {
                    // Live memory with every participant connected (the join's garbage collected); warm-up follows.
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    joined = MemorySample.Now();
                    sampling ??= Task.Run(() => sampler.RunAsync(stopSampling.Token));
                }
                else if (parts[0] == "window" && parts.Length == 3)
                {
                    var window = new Window(long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
                    sampler.SetWindow(window);
                    target.Probe?.Arm(window);
                }
            }
            await stopSampling.CancelAsync();
            if (sampling is not null)
            {
                await sampling;
            }
            var stats = sampler.Finish(target.Description, seats.RoomsHow, setupSeconds, idle, joined, target.Probe);
            Console.WriteLine(ResultPrefix + BenchJson.Write(stats));
        }
        return 0;
    }
}
