namespace HubRealtime.Bench;

/// <summary>What the load agent measured for one meeting size (sent to the orchestrator as JSON).</summary>
internal sealed record MeetingAgentResult(
    int Participants,
    int Breakouts,
    double JoinSeconds,
    int JoinRetries,
    double WindowSeconds,
    long SentBreakoutInWindow,
    long SentPlenaryInWindow,
    long AckedInWindow,
    long DeliveredInWindow,
    long DeliveriesOfWindowSends,
    long ExpectedOfWindowSends,
    long DeliveriesTotal,
    long ExpectedTotal,
    long SendErrors,
    string? FirstError,
    long OutOfOrder,
    int DisconnectedAtEnd,
    double DrainSeconds,
    LatencySummary Breakout,
    LatencySummary Plenary,
    LatencySummary All,
    LatencySummary Ack,
    double CpuPercentOfMachine,
    long WorkingSet)
{
    public double SentPerSecond => (SentBreakoutInWindow + SentPlenaryInWindow) / WindowSeconds;
    public double DeliveredPerSecond => DeliveredInWindow / WindowSeconds;
    public long MissingDeliveries => Math.Max(0, ExpectedTotal - DeliveriesTotal);
    public long Errors => SendErrors + MissingDeliveries;
}
