namespace HubRealtime.Grains.Meetings.Assignment;

/// <summary>A shuffle dealt round-robin: room sizes differ by at most one.</summary>
public static class RandomAssignment
{
    /// <summary>Room index (0-based) per e-mail.</summary>
    public static Dictionary<string, int> Assign(IReadOnlyList<string> emails, int roomCount, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(roomCount, 1);
        var order = emails.Distinct(StringComparer.Ordinal).ToArray();
        random.Shuffle(order);
        return Deal(order, roomCount);
    }

    /// <summary>Person i goes to room i mod n: any contiguous run is spread as evenly as the rooms allow.</summary>
    internal static Dictionary<string, int> Deal(IReadOnlyList<string> order, int roomCount)
    {
        var result = new Dictionary<string, int>(order.Count, StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            result[order[i]] = i % roomCount;
        }
        return result;
    }
}
