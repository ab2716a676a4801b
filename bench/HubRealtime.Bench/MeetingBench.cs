using System.Diagnostics;
using System.Globalization;

namespace HubRealtime.Bench;

/// <summary>One target at one meeting size: the load agent's and the server process's measurements.</summary>
internal sealed record MeetingRun(string Target, int Participants, MeetingAgentResult Agent, ServerStats Server);

/// <summary>
/// --mode meeting: for each size and each target, a server host child process (the target, its
/// accounts and rooms) and a load agent child process (the participants' connections), so that the
/// server's memory and CPU are its own. Both share the machine's cores. See docs/benchmarks.md.
/// </summary>
internal static class MeetingBench
{
    public static async Task<int> RunAsync(BenchOptions options, string[] args)
    {
        Console.WriteLine($"meeting scenario: {options.Describe()}");
        Console.WriteLine($"server and load agent are separate processes on the same {Environment.ProcessorCount} cores: the agent's CPU (reported) is taken from the server's");
        var started = Stopwatch.GetTimestamp();
        var runs = new List<MeetingRun>();
        var failed = false;
        var cache = options.AccountsCache;
        var accounts = options.Targets.Contains("hubrealtime")
            ? cache ?? Path.Combine(options.DataDirectory ?? Path.GetTempPath(), $"hubrealtime-meeting-accounts-{Guid.NewGuid():N}")
            : null;
        try
        {
            if (accounts is not null)
            {
                await EnsureAccountsAsync(args, accounts, options.Participants.Max());
            }
            failed = await RunSizesAsync(options, args, accounts, runs);
        }
        finally
        {
            if (cache is null && accounts is not null && Directory.Exists(accounts))
            {
                Directory.Delete(accounts, recursive: true);
            }
        }
        MeetingReport.Print(options, runs);
        Console.WriteLine(Inv($"meeting scenario took {Stopwatch.GetElapsedTime(started).TotalMinutes:0.0} min in all"));
        return failed ? 1 : 0;
    }

    /// <summary>Registering accounts hashes a password each (PBKDF2): done once, then every HubRealtime server host copies the directory.</summary>
    private static async Task EnsureAccountsAsync(string[] args, string directory, int count)
    {
        var marker = Path.Combine(directory, "bench-accounts.txt");
        if (File.Exists(marker) && int.TryParse(File.ReadAllText(marker), CultureInfo.InvariantCulture, out var have) && have >= count)
        {
            Console.WriteLine($"reusing {have} accounts registered earlier in {directory}");
            return;
        }
        if (Directory.Exists(directory))
        {
            // Only ever delete a directory this tool made (it has the marker).
            if (!File.Exists(marker) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                throw new ArgumentException($"{directory} is not empty and holds no bench accounts; choose a new directory for --accounts-cache");
            }
            Directory.Delete(directory, recursive: true);
        }
        Console.WriteLine($"registering {count} accounts once (copied by every HubRealtime server host) ...");
        var started = DateTime.UtcNow;
        // Each registration hashes a password for a second or more on a busy machine: Orleans warns about every such long turn.
        var quiet = new Dictionary<string, string> { ["Logging__LogLevel__Orleans.Runtime.Scheduler"] = "Error" };
        await using var host = ChildProcess.Start("accounts", [.. args, "--role", "meeting-accounts", "--accounts-dir", directory], quiet);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        _ = await host.WaitForAsync(timeout.Token, MeetingServerHost.Ready) ?? throw new InvalidOperationException("registering the accounts failed");
        File.WriteAllText(marker, count.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine(Inv($"registered {count} accounts in {(DateTime.UtcNow - started).TotalSeconds:0} s"));
    }

    private static async Task<bool> RunSizesAsync(BenchOptions options, string[] args, string? accounts, List<MeetingRun> runs)
    {
        var failed = false;
        for (var s = 0; s < options.Participants.Length; s++)
        {
            var n = options.Participants[s];
            // Alternate which target goes first, so neither always runs on a warmer or cooler machine.
            var order = s % 2 == 0 ? options.Targets : options.Targets.Reverse().ToArray();
            foreach (var target in order)
            {
                Console.WriteLine($"[{target}, {n} participants] starting the server process ...");
                try
                {
                    var run = await RunOneAsync(options, args, accounts, target, n);
                    runs.Add(run);
                    var a = run.Agent;
                    Console.WriteLine(Inv($"[{target}, {n} participants] {a.SentPerSecond:0.0} sent/s, {a.DeliveredPerSecond:0} delivered/s, deliver p50 {a.All.P50:0.00} ms p99 {a.All.P99:0.00} ms, {a.Errors} errors"));
                }
                catch (Exception error)
                {
                    Console.Error.WriteLine($"[{target}, {n} participants] FAILED: {error}");
                    failed = true;
                }
            }
        }
        return failed;
    }

    private static async Task<MeetingRun> RunOneAsync(BenchOptions options, string[] args, string? accounts, string target, int participants)
    {
        var seatsFile = Path.Combine(Path.GetTempPath(), $"hubrealtime-meeting-{Guid.NewGuid():N}.json");
        string[] Role(string role) =>
            [.. args, "--role", role, "--participants", participants.ToString(CultureInfo.InvariantCulture), "--target", target, "--seats-file", seatsFile,
                .. accounts is null ? Array.Empty<string>() : ["--accounts-dir", accounts]];
        try
        {
            await using var server = ChildProcess.Start($"{target} server", Role("meeting-server"));
            using (var setup = new CancellationTokenSource(TimeSpan.FromMinutes(15)))
            {
                _ = await server.WaitForAsync(setup.Token, MeetingServerHost.Ready) ?? throw new InvalidOperationException("the server process ended before it was ready");
            }
            Console.WriteLine($"[{target}, {participants} participants] server ready; connecting the participants ...");
            MeetingAgentResult result;
            await using (var agent = ChildProcess.Start($"{target} agent", Role("meeting-agent")))
            {
                using var run = new CancellationTokenSource(TimeSpan.FromSeconds(600 + options.WarmupSeconds + options.DurationSeconds + options.DrainSeconds));
                string Ended() => "the load agent ended early";
                _ = await agent.WaitForAsync(run.Token, MeetingAgent.Joined) ?? throw new InvalidOperationException(Ended());
                await server.SendAsync("joined");
                var window = await agent.WaitForAsync(run.Token, MeetingAgent.WindowPrefix) ?? throw new InvalidOperationException(Ended());
                await server.SendAsync("window " + window[MeetingAgent.WindowPrefix.Length..]);
                var line = await agent.WaitForAsync(run.Token, MeetingAgent.ResultPrefix) ?? throw new InvalidOperationException(Ended());
                result = BenchJson.Read<MeetingAgentResult>(line[MeetingAgent.ResultPrefix.Length..]);
            }
            await server.SendAsync("stop");
            using var finish = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stats = await server.WaitForAsync(finish.Token, MeetingServerHost.ResultPrefix) ?? throw new InvalidOperationException("the server process ended without its numbers");
            return new MeetingRun(target, participants, result, BenchJson.Read<ServerStats>(stats[MeetingServerHost.ResultPrefix.Length..]));
        }
        finally
        {
            File.Delete(seatsFile);
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
