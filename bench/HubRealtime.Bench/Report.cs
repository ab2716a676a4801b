using System.Globalization;
using System.Text;

namespace HubRealtime.Bench;

/// <summary>Prints results: details per run, the table (every round, then the median of rounds), the HubRealtime/baseline ratios, markdown rows.</summary>
internal static class Report
{
    private const string Header = "target            |    sent/s |  delivered/s | ack p50 | ack p95 | ack p99 | dlv p50 | dlv p95 | dlv p99 | dlv max | errors";

    public static void Print(BenchOptions options, IReadOnlyList<RunResult> results)
    {
        foreach (var r in results)
        {
            PrintDetails(r);
        }
        var rows = Rows(results);
        Console.WriteLine();
        Console.WriteLine($"run: {options.Describe()}   (latencies in ms, from the client's send timestamp; deliveries count every member, sender included)");
        Console.WriteLine(Header);
        Console.WriteLine(new string('-', Header.Length));
        foreach (var row in rows)
        {
            Console.WriteLine(Inv($"{row.Label,-17} | {row.SentPerSecond,9:0} | {row.DeliveredPerSecond,12:0} | {row.AckP50,7:0.00} | {row.AckP95,7:0.00} | {row.AckP99,7:0.00} | {row.DeliverP50,7:0.00} | {row.DeliverP95,7:0.00} | {row.DeliverP99,7:0.00} | {row.DeliverMax,7:0.0} | {row.Errors,6}"));
        }
        var summary = rows.Where(r => r.Label == r.Target || r.Label.EndsWith("median", StringComparison.Ordinal)).ToList();
        PrintRatios(summary);
        if (options.Markdown)
        {
            PrintMarkdown(options, summary);
        }
    }

    /// <summary>One row per run; with several rounds, each run is labelled "#n" and a median row follows per target.</summary>
    private static List<TableRow> Rows(IReadOnlyList<RunResult> results)
    {
        var rows = new List<TableRow>();
        foreach (var group in results.GroupBy(r => r.Target))
        {
            var runs = group.ToList();
            if (runs.Count == 1)
            {
                rows.Add(TableRow.From(runs[0], runs[0].Target));
                continue;
            }
            var perRound = runs.Select((r, i) => TableRow.From(r, $"{r.Target} #{i + 1}")).ToList();
            rows.AddRange(perRound);
            rows.Add(TableRow.Median(group.Key, $"{group.Key} median", perRound));
        }
        return rows;
    }

    private static void PrintDetails(RunResult r)
    {
        Console.WriteLine();
        Console.WriteLine($"{r.Target}: {r.Description}");
        Console.WriteLine($"  members per room: {string.Join(", ", r.Members.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}"))}");
        var completeness = r.ExpectedDeliveriesOfWindowSends == 0 ? double.NaN : 100.0 * r.DeliveriesOfWindowSends / r.ExpectedDeliveriesOfWindowSends;
        Console.WriteLine(Inv($"  window {r.WindowSeconds:0.0} s: sent {r.SentInWindow}, acked {r.AckedInWindow}; deliveries of those {r.DeliveriesOfWindowSends} / expected acked x members {r.ExpectedDeliveriesOfWindowSends} ({completeness:0.00}%)"));
        Console.WriteLine(Inv($"  whole run: acked {r.AckedTotal}, deliveries {r.DeliveriesTotal} / expected {r.ExpectedDeliveriesTotal}; missing {r.MissingDeliveries}, extra {r.ExtraDeliveries}, send errors {r.SendErrors}, out of order {r.OutOfOrder}; drain {r.DrainSeconds:0.00} s"));
        if (r.FirstError is not null)
        {
            Console.WriteLine($"  first send error: {r.FirstError}");
        }
        var rt = r.Runtime;
        Console.WriteLine(Inv($"  process (servers + load generator share it): CPU {rt.CpuPercentOfMachine:0}% of {Environment.ProcessorCount} cores, GC gen0/1/2 {rt.Gen0}/{rt.Gen1}/{rt.Gen2}, GC pause {rt.GcPauseMs:0} ms, max thread-pool queue {rt.MaxThreadPoolQueue}, max pool threads {rt.MaxThreads}"));
        Console.WriteLine(Inv($"  mean latency: ack {r.Ack.Mean:0.00} ms, deliver {r.Deliver.Mean:0.00} ms; {r.DeliveredPerSecond:0} deliveries/s"));
        if (r.Probe is { } p)
        {
            PrintProbe(r, p);
        }
    }

    private static void PrintProbe(RunResult r, ServerProbe p)
    {
        var s = r.WindowSeconds;
        Console.WriteLine(Inv($"  probe (messages sent in the window): {p.Appends / s:0} appends/s, {Ratio(p.AppendedMessages, p.Appends):0.0} messages per append; {p.FanoutEvents / s:0} group sends/s, {Ratio(p.FanoutMessages, p.FanoutEvents):0.0} messages per group send"));
        Console.WriteLine("    stage (ms from the client's send)           |   p50   |   p95   |   p99   |   max   |  mean");
        void Row(string name, LatencySummary l) =>
            Console.WriteLine(Inv($"    {name,-43} | {l.P50,7:0.00} | {l.P95,7:0.00} | {l.P99,7:0.00} | {l.Max,7:0.0} | {l.Mean,6:0.00}"));
        Row("send -> hub SendMessage starts", p.SendToHub.Summarize());
        Row("send -> room grain Send turn starts", p.SendToGrain.Summarize());
        Row("send -> append starts (group-commit queue)", p.SendToAppendStart.Summarize());
        Row("append (SQLite writer queue + commit + resume)", p.AppendDuration.Summarize());
        Row("send -> committed (grain resumed)", p.SendToCommitted.Summarize());
        Row("send -> fan-out hands batch to SignalR", p.SendToFanout.Summarize());
        Row("group send call (per event, not from send)", p.GroupSendDuration.Summarize());
        Row("send -> ack (client)", r.Ack);
        Row("send -> deliver (client)", r.Deliver);
    }

    private static void PrintRatios(IReadOnlyList<TableRow> summary)
    {
        var hub = summary.FirstOrDefault(r => r.Target == "hubrealtime");
        var baseline = summary.FirstOrDefault(r => r.Target == "baseline");
        if (hub is null || baseline is null)
        {
            return;
        }
        var throughput = hub.DeliveredPerSecond / baseline.DeliveredPerSecond;
        Console.WriteLine();
        Console.WriteLine(Inv($"ratio hubrealtime / baseline ({hub.Label} / {baseline.Label}): delivered throughput {throughput:0.00} (target >= 0.80: {(throughput >= 0.8 ? "met" : "NOT met")}), deliver p99 {hub.DeliverP99 / baseline.DeliverP99:0.00}x, deliver p50 {hub.DeliverP50 / baseline.DeliverP50:0.00}x, ack p99 {hub.AckP99 / baseline.AckP99:0.00}x"));
    }

    private static void PrintMarkdown(BenchOptions options, IReadOnlyList<TableRow> summary)
    {
        var md = new StringBuilder();
        md.AppendLine();
        md.AppendLine("| target | run | sent msg/s | delivered msg/s | ack p50 / p95 / p99 (ms) | deliver p50 / p95 / p99 / max (ms) | errors |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in summary)
        {
            md.AppendLine(Inv($"| {r.Label} | {options.Describe()} | {r.SentPerSecond:0} | {r.DeliveredPerSecond:0} | {r.AckP50:0.00} / {r.AckP95:0.00} / {r.AckP99:0.00} | {r.DeliverP50:0.00} / {r.DeliverP95:0.00} / {r.DeliverP99:0.00} / {r.DeliverMax:0.0} | {r.Errors} |"));
        }
        Console.Write(md.ToString());
    }

    private static double Ratio(long a, long b) => b == 0 ? double.NaN : a / (double)b;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
