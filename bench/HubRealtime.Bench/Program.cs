using System.Globalization;

namespace HubRealtime.Bench;

/// <summary>Entry point: parses options, prints the machine, runs each target in turn (a fresh server each time), reports.</summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (Exception error) when (error is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        // Child processes of the meeting scenario: no banner, their output is a line protocol.
        switch (options.Role)
        {
            case "meeting-server":
                return await MeetingServerHost.RunAsync(options);
            case "meeting-accounts":
                return await MeetingServerHost.RegisterAccountsAsync(options);
            case "meeting-agent":
                return await MeetingAgent.RunAsync(options);
            case not null:
                Console.Error.WriteLine($"unknown role {options.Role}");
                return 2;
        }

        Console.WriteLine($"HubRealtime.Bench, {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        Console.WriteLine($"build: {MachineInfo.Build()}");
        Console.WriteLine($"command: HubRealtime.Bench {string.Join(' ', args)}");

        if (options.Mode == BenchMode.Storage)
        {
            await StorageBench.RunAsync(options);
            return 0;
        }
        if (options.Mode == BenchMode.NotesTrace)
        {
            return NotesTraceBench.Run(options);
        }
        if (options.Mode == BenchMode.Notes)
        {
            return await NotesBench.RunAsync(options);
        }
        if (options.Mode == BenchMode.Meeting)
        {
            return await MeetingBench.RunAsync(options, args);
        }

        var results = new List<RunResult>();
        var failed = false;
        for (var round = 1; round <= options.Rounds; round++)
        {
            // Alternate which target goes first, so neither always runs on a warmer or cooler machine.
            var order = round % 2 == 1 ? options.Targets : options.Targets.Reverse().ToArray();
            foreach (var name in order)
            {
                Console.WriteLine($"[{name}, round {round}/{options.Rounds}] starting server, connecting {options.Clients} clients ...");
                RunResult result;
                try
                {
                    result = await RunTargetAsync(name, options);
                }
                catch (Exception error)
                {
                    // A server that fails to start or clients that fail to join: report it, go on with the rest.
                    Console.Error.WriteLine($"[{name}, round {round}/{options.Rounds}] FAILED: {error}");
                    failed = true;
                    continue;
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{name}, round {round}/{options.Rounds}] {result.SentPerSecond:0} sent/s, {result.DeliveredPerSecond:0} delivered/s, {result.Errors} errors"));
                results.Add(result);
            }
        }
        Report.Print(options, results);
        return failed ? 1 : 0;
    }

    private static async Task<RunResult> RunTargetAsync(string name, BenchOptions options)
    {
        RunResult result;
        await using (IBenchTarget target = name == "hubrealtime"
            ? HubRealtimeTarget.Start(options.Rooms, options.DataDirectory, options.Probe, options.HubParallel)
            : await BaselineServer.StartAsync(options.Rooms, options.HubParallel))
        {
            result = await new LoadGenerator(options, target).RunAsync();
        }
        // Start the next target from a clean heap.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return result;
    }
}
