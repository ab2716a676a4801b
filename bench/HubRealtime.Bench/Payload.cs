using System.Diagnostics;
using System.Globalization;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Bench;

/// <summary>
/// Message text: "&lt;send timestamp&gt;:&lt;sender&gt;:&lt;n&gt;:xxxx…" padded to a fixed length. The timestamp is
/// <see cref="Stopwatch.GetTimestamp"/> of this process, which also hosts the servers, so every
/// party reads the same clock.
/// </summary>
internal static class Payload
{
    public static string Create(long sendTimestamp, int sender, long n, int length)
    {
        var head = string.Create(CultureInfo.InvariantCulture, $"{sendTimestamp}:{sender}:{n}:");
        return head.Length >= length ? head : head + new string('x', length - head.Length);
    }

    /// <summary>The send timestamp carried by a text, or -1 when it is not one of ours.</summary>
    /// <summary>The text of a message event (null for other kinds: they carry no bench payload).</summary>
    public static string? TextOf(RoomEvent e) => (e.Payload as MessagePayload)?.Text;

    public static long SendTimestamp(string? text)
    {
        if (text is null)
        {
            return -1;
        }
        var colon = text.IndexOf(':');
        return colon > 0 && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ts) ? ts : -1;
    }

    /// <summary>The sender index carried by a text, or -1 when it is not one of ours.</summary>
    public static int Sender(string? text)
    {
        if (text is null)
        {
            return -1;
        }
        var first = text.IndexOf(':');
        var second = first < 0 ? -1 : text.IndexOf(':', first + 1);
        return second > first + 1 && int.TryParse(text.AsSpan(first + 1, second - first - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sender) ? sender : -1;
    }
}

/// <summary>The measured window in Stopwatch ticks: only messages whose send timestamp falls inside count.</summary>
internal sealed class Window(long start, long end)
{
    public long Start { get; } = start;
    public long End { get; } = end;
    public double Seconds => (End - Start) / (double)Stopwatch.Frequency;
    public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;

    public static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);
}
