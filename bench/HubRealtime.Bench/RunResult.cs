namespace HubRealtime.Bench;

/// <summary>Everything one target's run measured, merged over all clients.</summary>
internal sealed record RunResult(
    string Target,
    string Description,
    double WindowSeconds,
    IReadOnlyDictionary<string, int> Members,
    long SentInWindow,
    long AckedInWindow,
    long DeliveredInWindow,
    long DeliveriesOfWindowSends,
    long ExpectedDeliveriesOfWindowSends,
    long AckedTotal,
    long DeliveriesTotal,
    long ExpectedDeliveriesTotal,
    long SendErrors,
    string? FirstError,
    long OutOfOrder,
    double DrainSeconds,
    LatencySummary Ack,
    LatencySummary Deliver,
    RuntimeStats Runtime,
    ServerProbe? Probe)
{
    public double SentPerSecond => SentInWindow / WindowSeconds;
    public double DeliveredPerSecond => DeliveredInWindow / WindowSeconds;
    public long MissingDeliveries => Math.Max(0, ExpectedDeliveriesTotal - DeliveriesTotal);
    public long ExtraDeliveries => Math.Max(0, DeliveriesTotal - ExpectedDeliveriesTotal);

    /// <summary>Failed sends plus deliveries owed to members that never arrived within the drain.</summary>
    public long Errors => SendErrors + MissingDeliveries;

    public static RunResult Collect(
        IBenchTarget target, BenchOptions options, Window window, BenchClient[] clients, BenchClient[] senders,
        Dictionary<string, int> members, long expectedTotal, double drainSeconds, RuntimeStats runtime)
    {
        var ack = new Latency();
        var deliver = new Latency();
        foreach (var client in clients)
        {
            ack.Add(client.Ack);
            deliver.Add(client.Deliver);
        }
        return new RunResult(
            target.Name,
            target.Description,
            window.Seconds,
            members,
            SentInWindow: senders.Sum(s => Interlocked.Read(ref s.SentInWindow)),
            AckedInWindow: senders.Sum(s => Interlocked.Read(ref s.AckedInWindow)),
            DeliveredInWindow: clients.Sum(c => Interlocked.Read(ref c.DeliveredInWindow)),
            DeliveriesOfWindowSends: clients.Sum(c => Interlocked.Read(ref c.DeliveriesOfWindowSends)),
            ExpectedDeliveriesOfWindowSends: senders.Sum(s => Interlocked.Read(ref s.AckedInWindow) * members[s.RoomId]),
            AckedTotal: senders.Sum(s => Interlocked.Read(ref s.AckedTotal)),
            DeliveriesTotal: clients.Sum(c => c.ReadDeliveries()),
            ExpectedDeliveriesTotal: expectedTotal,
            SendErrors: senders.Sum(s => Interlocked.Read(ref s.Errors)),
            FirstError: senders.Select(s => s.FirstError).FirstOrDefault(e => e is not null),
            OutOfOrder: clients.Sum(c => Interlocked.Read(ref c.OutOfOrder)),
            DrainSeconds: drainSeconds,
            Ack: ack.Summarize(),
            Deliver: deliver.Summarize(),
            Runtime: runtime,
            Probe: target.Probe);
    }
}
