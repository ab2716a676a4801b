namespace HubRealtime.Grains.Meetings.Assignment;

/// <summary>
/// Spreads countries, then agencies, as evenly as the rooms allow. People are lined up grouped by
/// country and, inside a country, by agency, then dealt round-robin. Any contiguous run of a
/// round-robin deal gives each room either floor(k/n) or ceil(k/n) of it, so room sizes, each
/// country's count per room and each agency's count per room all differ by at most one: no room
/// holds two people of a country while another room lacks that country. Group and member order
/// are shuffled with the given random, so repeated runs give different (equally balanced) rooms.
/// </summary>
public static class BalancedAssignment
{
    public static Dictionary<string, int> Assign(IReadOnlyList<AssignmentPerson> people, int roomCount, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(roomCount, 1);
        var distinct = people.DistinctBy(p => p.Email, StringComparer.Ordinal).ToList();
        var countries = distinct.GroupBy(p => p.Country ?? "", StringComparer.Ordinal).ToArray();
        random.Shuffle(countries);
        var order = new List<string>(distinct.Count);
        foreach (var country in countries)
        {
            var agencies = country.GroupBy(p => p.AgencyId ?? "", StringComparer.Ordinal).ToArray();
            random.Shuffle(agencies);
            foreach (var agency in agencies)
            {
                var members = agency.Select(p => p.Email).ToArray();
                random.Shuffle(members);
                order.AddRange(members);
            }
        }
        // Start the deal at a random room so the larger rooms are not always the first ones.
        var offset = random.Next(roomCount);
        var dealt = RandomAssignment.Deal(order, roomCount);
        return dealt.ToDictionary(e => e.Key, e => (e.Value + offset) % roomCount, StringComparer.Ordinal);
    }
}
