using System.Globalization;
using System.Text;

namespace HubRealtime.Bench;

/// <summary>Prints the meeting scenario: details per run, one table over sizes and targets, the p99 goal, markdown rows.</summary>
internal static class MeetingReport
{
    private const double GoalP99Ms = 100;

    private const string Header =
        "target      |     N | rooms | sent/s | dlvd/s | dlv p50 | dlv p99 | brk p50 | brk p99 | pln p50 | pln p99 | ack p99 | srv CPU | agt CPU | srv WS joined/peak MB | heap peak/live MB | errors";

    public static void Print(BenchOptions options, IReadOnlyList<MeetingRun> runs)
    {
        foreach (var run in runs)
        {
            PrintDetails(run);
        }
        Console.WriteLine();
        Console.WriteLine($"run: {options.Describe()}");
        Console.WriteLine("latencies in ms from the scheduled send time to each OTHER member's receipt (dlv: all; brk: breakout; pln: plenary broadcasts); dlvd/s counts those receipts; CPU in % of all cores; srv = server process, agt = load agent process");
        Console.WriteLine(Header);
        Console.WriteLine(new string('-', Header.Length));
        foreach (var run in runs.OrderBy(r => r.Participants).ThenBy(r => r.Target, StringComparer.Ordinal))
        {
            var a = run.Agent;
            var s = run.Server;
            Console.WriteLine(Inv($"{run.Target,-11} | {run.Participants,5} | {a.Breakouts,5} | {a.SentPerSecond,6:0.0} | {a.DeliveredPerSecond,6:0} | {a.All.P50,7:0.00} | {a.All.P99,7:0.00} | {a.Breakout.P50,7:0.00} | {a.Breakout.P99,7:0.00} | {a.Plenary.P50,7:0.00} | {a.Plenary.P99,7:0.00} | {a.Ack.P99,7:0.00} | {s.CpuPercentOfMachine,6:0}% | {a.CpuPercentOfMachine,6:0}% | {Mb(s.Joined.WorkingSet),10:0} / {Mb(s.Peak.WorkingSet),-8:0} | {Mb(s.Peak.ManagedHeap),6:0} / {Mb(s.LiveHeapAfterGc),-8:0} | {a.Errors,6}"));
        }
        PrintGoal(runs);
        if (options.Markdown)
        {
            PrintMarkdown(runs);
        }
    }

    private static void PrintDetails(MeetingRun run)
    {
        var a = run.Agent;
        var s = run.Server;
        Console.WriteLine();
        Console.WriteLine($"{run.Target}, {run.Participants} participants in {a.Breakouts} breakouts + 1 plenary: {s.Description}");
        Console.WriteLine($"  rooms: {s.RoomsHow}");
        Console.WriteLine(Inv($"  set-up {s.SetupSeconds:0.0} s (server start, accounts, tokens, rooms); connect + join both rooms {a.JoinSeconds:0.0} s ({a.JoinRetries} attempts retried)"));
        var completeness = a.ExpectedOfWindowSends == 0 ? double.NaN : 100.0 * a.DeliveriesOfWindowSends / a.ExpectedOfWindowSends;
        Console.WriteLine(Inv($"  window {a.WindowSeconds:0.0} s: sent {a.SentBreakoutInWindow} breakout + {a.SentPlenaryInWindow} plenary, acked {a.AckedInWindow}; deliveries to other members {a.DeliveriesOfWindowSends} / expected {a.ExpectedOfWindowSends} ({completeness:0.00}%)"));
        Console.WriteLine(Inv($"  whole run: deliveries {a.DeliveriesTotal} / expected {a.ExpectedTotal}, missing {a.MissingDeliveries}, send errors {a.SendErrors}, out of order {a.OutOfOrder}, disconnected at end {a.DisconnectedAtEnd}; drain {a.DrainSeconds:0.00} s"));
        if (a.FirstError is not null)
        {
            Console.WriteLine($"  first send error: {a.FirstError}");
        }
        Console.WriteLine(Inv($"  deliver p50/p95/p99/max (ms): breakout {Lat(a.Breakout)} ({a.Breakout.Count} receipts); plenary {Lat(a.Plenary)} ({a.Plenary.Count}); ack {Lat(a.Ack)}"));
        Console.WriteLine(Inv($"  server process: CPU {s.CpuPercentOfMachine:0}% of {Environment.ProcessorCount} cores, GC gen0/1/2 {s.Gen0}/{s.Gen1}/{s.Gen2}, pause {s.GcPauseMs:0} ms; working set idle {Mb(s.Idle.WorkingSet):0} MB, joined (after a full GC) {Mb(s.Joined.WorkingSet):0} MB, window end {Mb(s.WindowEnd.WorkingSet):0} MB, peak {Mb(s.Peak.WorkingSet):0} MB; managed heap idle {Mb(s.Idle.ManagedHeap):0} MB, joined {Mb(s.Joined.ManagedHeap):0} MB, peak {Mb(s.Peak.ManagedHeap):0} MB, live after a full GC at the end {Mb(s.LiveHeapAfterGc):0} MB"));
        Console.WriteLine(Inv($"  server memory per participant (joined - idle, both after a full GC): working set {Kb(s.Joined.WorkingSet - s.Idle.WorkingSet, run.Participants):0} KB, managed heap {Kb(s.Joined.ManagedHeap - s.Idle.ManagedHeap, run.Participants):0} KB"));
        if (s.Probe is { Count: > 0 } stages)
        {
            Console.WriteLine($"  probe: {stages[0].Note}");
            Console.WriteLine("    stage (ms from the scheduled send)            |   p50   |   p95   |   p99   |   max");
            foreach (var stage in stages)
            {
                Console.WriteLine(Inv($"    {stage.Name,-46} | {stage.Latency.P50,7:0.00} | {stage.Latency.P95,7:0.00} | {stage.Latency.P99,7:0.00} | {stage.Latency.Max,7:0.0}"));
            }
        }
        Console.WriteLine(Inv($"  load agent process: CPU {a.CpuPercentOfMachine:0}% of {Environment.ProcessorCount} cores, working set {Mb(a.WorkingSet):0} MB"));
    }

    private static void PrintGoal(IReadOnlyList<MeetingRun> runs)
    {
        Console.WriteLine();
        foreach (var run in runs.Where(r => r.Target == "hubrealtime").OrderBy(r => r.Participants))
        {
            var p99 = run.Agent.All.P99;
            Console.WriteLine(Inv($"goal p99 < {GoalP99Ms:0} ms send->deliver: hubrealtime at {run.Participants} participants {p99:0.00} ms: {(p99 < GoalP99Ms ? "met" : "NOT met")}"));
        }
    }

    private static void PrintMarkdown(IReadOnlyList<MeetingRun> runs)
    {
        var md = new StringBuilder();
        md.AppendLine();
        md.AppendLine("| target | participants | breakouts | sent msg/s | delivered msg/s | deliver p50 / p99 (ms) | breakout p50 / p99 | plenary p50 / p99 | ack p99 | errors | server CPU | agent CPU | server working set joined / peak (MB) | managed heap peak / live (MB) |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var run in runs.OrderBy(r => r.Participants).ThenBy(r => r.Target, StringComparer.Ordinal))
        {
            var a = run.Agent;
            var s = run.Server;
            md.AppendLine(Inv($"| {run.Target} | {run.Participants} | {a.Breakouts} | {a.SentPerSecond:0.0} | {a.DeliveredPerSecond:0} | {a.All.P50:0.00} / {a.All.P99:0.00} | {a.Breakout.P50:0.00} / {a.Breakout.P99:0.00} | {a.Plenary.P50:0.00} / {a.Plenary.P99:0.00} | {a.Ack.P99:0.00} | {a.Errors} | {s.CpuPercentOfMachine:0} % | {a.CpuPercentOfMachine:0} % | {Mb(s.Joined.WorkingSet):0} / {Mb(s.Peak.WorkingSet):0} | {Mb(s.Peak.ManagedHeap):0} / {Mb(s.LiveHeapAfterGc):0} |"));
        }
        Console.Write(md.ToString());
    }

    private static string Lat(LatencySummary l) => Inv($"{l.P50:0.00}/{l.P95:0.00}/{l.P99:0.00}/{l.Max:0.0}");

    private static double Mb(long bytes) => bytes / (1024.0 * 1024);

    private static double Kb(long bytes, int participants) => bytes / 1024.0 / participants;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
