using HubRealtime.Grains.Meetings.Assignment;

namespace HubRealtime.Grains.Tests.Meetings;

/// <summary>Property tests over many seeded random meetings (skewed country and agency mixes, 1-50 rooms; the rules allow up to 400).</summary>
public sealed class BalancedAssignmentPropertyTests
{
    private const int Cases = 2000;

    [Fact]
    public void Room_sizes_differ_by_at_most_one()
    {
        ForManyCases((people, rooms, result) =>
        {
            var sizes = Enumerable.Range(0, rooms).Select(r => result.Count(a => a.Value == r)).ToList();
            Assert.True(sizes.Max() - sizes.Min() <= 1, $"sizes {string.Join(",", sizes)}");
        });
    }

    [Fact]
    public void No_room_holds_two_of_a_country_while_another_room_lacks_it()
    {
        ForManyCases((people, rooms, result) =>
        {
            foreach (var country in people.GroupBy(p => p.Country))
            {
                var counts = Enumerable.Range(0, rooms).Select(r => country.Count(p => result[p.Email] == r)).ToList();
                Assert.False(counts.Max() >= 2 && counts.Min() == 0, $"country {country.Key}: {string.Join(",", counts)}");
                // Stronger: each country's count per room differs by at most one.
                Assert.True(counts.Max() - counts.Min() <= 1, $"country {country.Key}: {string.Join(",", counts)}");
            }
        });
    }

    [Fact]
    public void Agencies_are_spread_as_evenly_as_the_rooms_allow()
    {
        ForManyCases((people, rooms, result) =>
        {
            foreach (var agency in people.GroupBy(p => p.AgencyId))
            {
                var counts = Enumerable.Range(0, rooms).Select(r => agency.Count(p => result[p.Email] == r)).ToList();
                Assert.True(counts.Max() - counts.Min() <= 1, $"agency {agency.Key}: {string.Join(",", counts)}");
            }
        });
    }

    [Fact]
    public void Everyone_is_placed_exactly_once_in_a_real_room()
    {
        ForManyCases((people, rooms, result) =>
        {
            Assert.Equal(people.Select(p => p.Email).OrderBy(e => e, StringComparer.Ordinal), result.Keys.OrderBy(e => e, StringComparer.Ordinal));
            Assert.All(result.Values, r => Assert.InRange(r, 0, rooms - 1));
        });
    }

    [Fact]
    public void The_same_seed_gives_the_same_rooms_and_other_seeds_differ()
    {
        var people = Meeting(new Random(7), 60);
        var first = BalancedAssignment.Assign(people, 6, new Random(42));
        var again = BalancedAssignment.Assign(people, 6, new Random(42));
        Assert.Equal(first, again);
        var others = Enumerable.Range(100, 10).Select(seed => BalancedAssignment.Assign(people, 6, new Random(seed)));
        Assert.Contains(others, other => !other.SequenceEqual(first));
    }

    [Fact]
    public void Random_assignment_keeps_sizes_within_one_and_places_everyone()
    {
        var random = new Random(1234);
        for (var i = 0; i < Cases; i++)
        {
            var rooms = random.Next(1, 51);
            var emails = Enumerable.Range(0, random.Next(0, 300)).Select(n => $"p{n}@a.example").ToList();
            var result = RandomAssignment.Assign(emails, rooms, new Random(random.Next()));
            Assert.Equal(emails.Count, result.Count);
            var sizes = Enumerable.Range(0, rooms).Select(r => result.Count(a => a.Value == r)).ToList();
            Assert.True(sizes.Max() - sizes.Min() <= 1);
        }
    }

    private static void ForManyCases(Action<List<AssignmentPerson>, int, Dictionary<string, int>> property)
    {
        var random = new Random(20261125);
        for (var i = 0; i < Cases; i++)
        {
            var rooms = random.Next(1, 51);
            var people = Meeting(random, random.Next(0, 260));
            var result = BalancedAssignment.Assign(people, rooms, new Random(random.Next()));
            property(people, rooms, result);
        }
    }

    /// <summary>A skewed mix: a few large delegations, many countries with one or two officers, some without a country.</summary>
    private static List<AssignmentPerson> Meeting(Random random, int size)
    {
        var countryCount = random.Next(1, 65);
        var people = new List<AssignmentPerson>(size);
        for (var n = 0; n < size; n++)
        {
            // Squaring skews towards low indexes: big delegations from a few countries.
            var c = (int)(Math.Pow(random.NextDouble(), 2) * countryCount);
            string? country = random.Next(40) == 0 ? null : $"C{c}";
            var agency = $"{country ?? "none"}-a{random.Next(3)}";
            people.Add(new AssignmentPerson($"p{n}@x.example", country, agency));
        }
        return people;
    }
}
