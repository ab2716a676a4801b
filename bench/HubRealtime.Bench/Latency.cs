using System.Diagnostics;
using HdrHistogram;

namespace HubRealtime.Bench;

/// <summary>A latency histogram in microseconds (1 µs to 5 min, 3 significant digits), safe for concurrent recorders.</summary>
internal sealed class Latency
{
    private const long Highest = 300L * 1_000_000;
    private readonly LongHistogram _histogram = new(1, Highest, 3);
    private readonly Lock _gate = new();

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _histogram.TotalCount;
            }
        }
    }

    public void RecordTicks(long elapsedTicks)
    {
        var micros = Math.Clamp(elapsedTicks * 1_000_000 / Stopwatch.Frequency, 1, Highest);
        lock (_gate)
        {
            _histogram.RecordValue(micros);
        }
    }

    public void Add(Latency other)
    {
        lock (other._gate)
        {
            lock (_gate)
            {
                _histogram.Add(other._histogram);
            }
        }
    }

    public LatencySummary Summarize()
    {
        lock (_gate)
        {
            if (_histogram.TotalCount == 0)
            {
                return LatencySummary.Empty;
            }
            double Ms(double percentile) => _histogram.GetValueAtPercentile(percentile) / 1000.0;
            return new LatencySummary(_histogram.TotalCount, Ms(50), Ms(95), Ms(99), _histogram.GetMaxValue() / 1000.0, _histogram.GetMean() / 1000.0);
        }
    }
}

/// <summary>Percentiles in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double P50, double P95, double P99, double Max, double Mean)
{
    public static readonly LatencySummary Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
}
