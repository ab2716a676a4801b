namespace HubRealtime.Bench;

/// <summary>One line of the results table; several rounds of a target reduce to their per-column median.</summary>
internal sealed record TableRow(
    string Target, string Label, double SentPerSecond, double DeliveredPerSecond,
    double AckP50, double AckP95, double AckP99,
    double DeliverP50, double DeliverP95, double DeliverP99, double DeliverMax, long Errors)
{
    public static TableRow From(RunResult r, string label) => new(
        r.Target, label, r.SentPerSecond, r.DeliveredPerSecond,
        r.Ack.P50, r.Ack.P95, r.Ack.P99,
        r.Deliver.P50, r.Deliver.P95, r.Deliver.P99, r.Deliver.Max, r.Errors);

    /// <summary>Per-column median of the rounds (errors are summed, not medianed).</summary>
    public static TableRow Median(string target, string label, IReadOnlyList<TableRow> rows) => new(
        target, label,
        Med(rows, r => r.SentPerSecond), Med(rows, r => r.DeliveredPerSecond),
        Med(rows, r => r.AckP50), Med(rows, r => r.AckP95), Med(rows, r => r.AckP99),
        Med(rows, r => r.DeliverP50), Med(rows, r => r.DeliverP95), Med(rows, r => r.DeliverP99), Med(rows, r => r.DeliverMax),
        rows.Sum(r => r.Errors));

    private static double Med(IReadOnlyList<TableRow> rows, Func<TableRow, double> pick)
    {
        var values = rows.Select(pick).Order().ToArray();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
