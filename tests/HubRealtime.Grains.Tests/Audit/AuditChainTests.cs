using System.Security.Cryptography;
using System.Text;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Grains.Audit;
using HubRealtime.Grains.Storage;

namespace HubRealtime.Grains.Tests.Audit;

/// <summary>The canonical encoding, the hashes and the verifier, without a cluster.</summary>
public sealed class AuditChainTests
{
    private const string Scope = "group:g-1";
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero).AddTicks(42);

    private static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>();
        var head = AuditChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var entry = AuditChain.Next(Scope, head, At.AddMinutes(i), new AuditEvent($"user-{i}@agency.example", AuditActions.SignIn, $"target-{i}", $"details {i}"));
            entries.Add(entry);
            head = new AuditHead(entry.Seq, entry.Hash);
        }
        return entries;
    }

    private static AuditVerification Verify(IEnumerable<AuditEntry> stored, IEnumerable<AuditHead>? anchors = null, long? writtenBefore = null, long? writtenAfter = null)
    {
        var verifier = new AuditChainVerifier(Scope, anchors ?? [], writtenBefore);
        foreach (var entry in stored)
        {
            if (!verifier.Check(entry))
            {
                break;
            }
        }
        return verifier.Finish(writtenAfter);
    }

    [Fact]
    public void The_hash_is_sha256_in_lower_case_hex_of_the_length_prefixed_big_endian_encoding()
    {
        var expected = new List<byte>();
        void Field(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            expected.AddRange(BitConverter.GetBytes(bytes.Length).Reverse());
            expected.AddRange(bytes);
        }
        Field("HubRealtime.AuditEntry.v1");
        Field(Scope);
        expected.AddRange(BitConverter.GetBytes(7L).Reverse());
        expected.AddRange(BitConverter.GetBytes(At.UtcTicks).Reverse());
        foreach (var f in new[] { "ann@agency.example", "sign-in", "ann@agency.example", "Zoë 👋", AuditChain.GenesisHash })
        {
            Field(f);
        }

        var encoded = AuditChain.Encode(Scope, 7, At.UtcTicks, "ann@agency.example", "sign-in", "ann@agency.example", "Zoë 👋", AuditChain.GenesisHash);
        var hash = AuditChain.ComputeHash(Scope, 7, At, "ann@agency.example", "sign-in", "ann@agency.example", "Zoë 👋", AuditChain.GenesisHash);

        Assert.Equal(expected, encoded);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(encoded)), hash);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(new string('0', 64), AuditChain.GenesisHash);
    }

    [Fact]
    public void Moving_characters_between_fields_changes_the_hash()
    {
        // Concatenation would make all of these the same string.
        string[] hashes =
        [
            AuditChain.ComputeHash(Scope, 1, At, "ab", "c", "t", "", AuditChain.GenesisHash),
            AuditChain.ComputeHash(Scope, 1, At, "a", "bc", "t", "", AuditChain.GenesisHash),
            AuditChain.ComputeHash(Scope, 1, At, "a", "b", "ct", "", AuditChain.GenesisHash),
            AuditChain.ComputeHash(Scope, 1, At, "a", "b", "c", "t", AuditChain.GenesisHash),
            AuditChain.ComputeHash(Scope + "a", 1, At, "b", "c", "t", "", AuditChain.GenesisHash),
        ];
        Assert.Equal(hashes.Length, hashes.Distinct().Count());
    }

    [Fact]
    public void Every_field_is_covered_by_the_hash()
    {
        var entry = Chain(1)[0];
        AuditEntry[] changed =
        [
            entry with { Scope = "group:g-2" },
            entry with { Seq = 2 },
            entry with { At = entry.At.AddTicks(1) },
            entry with { Actor = entry.Actor + "x" },
            entry with { Action = "sign-in-failed" },
            entry with { Target = entry.Target + "x" },
            entry with { Details = entry.Details + "x" },
            entry with { PreviousHash = new string('1', 64) },
        ];

        Assert.Equal(entry.Hash, AuditChain.ComputeHash(entry));
        Assert.All(changed, c => Assert.NotEqual(entry.Hash, AuditChain.ComputeHash(c)));
        // The same instant written with another offset is the same entry.
        Assert.Equal(entry.Hash, AuditChain.ComputeHash(entry with { At = entry.At.ToOffset(TimeSpan.FromHours(5)) }));
    }

    [Fact]
    public void An_unpaired_surrogate_cannot_be_encoded()
    {
        Assert.Throws<EncoderFallbackException>(() => AuditChain.ComputeHash(Scope, 1, At, "a", "b", "c", "\ud83d", AuditChain.GenesisHash));
    }

    [Fact]
    public void Entries_link_from_the_genesis_value()
    {
        var entries = Chain(3);

        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Seq));
        Assert.Equal(AuditChain.GenesisHash, entries[0].PreviousHash);
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.Equal(entries[1].Hash, entries[2].PreviousHash);
        Assert.All(entries, e => Assert.Equal(AuditChain.ComputeHash(e), e.Hash));

        AuditEvent[] events = [new("a", "sign-in", "a", ""), new("b", "sign-out-everywhere", "b", "x")];
        var batch = AuditChain.Chain(Scope, new AuditHead(3, entries[2].Hash), At, events);
        var fourth = AuditChain.Next(Scope, new AuditHead(3, entries[2].Hash), At, events[0]);
        Assert.Equal([fourth, AuditChain.Next(Scope, new AuditHead(4, fourth.Hash), At, events[1])], batch);
    }

    [Fact]
    public void An_intact_chain_is_valid_and_an_empty_one_too()
    {
        var entries = Chain(5);

        Assert.Equal(new AuditVerification(Scope, true, 5, null, null), Verify(entries, [new AuditHead(5, entries[4].Hash)]));
        Assert.Equal(new AuditVerification(Scope, true, 0, null, null), Verify([]));
    }

    [Fact]
    public void An_altered_entry_is_named()
    {
        var entries = Chain(5);
        entries[2] = entries[2] with { Details = "nothing to see" };

        Assert.Equal(new AuditVerification(Scope, false, 2, 3, "entry 3 was altered"), Verify(entries));
    }

    [Fact]
    public void Missing_entries_are_named()
    {
        var entries = Chain(8);

        Assert.Equal((4L, "entry 4 is missing"), Problem(Verify(entries.Where(e => e.Seq != 4))));
        Assert.Equal((3L, "entries 3 to 6 are missing"), Problem(Verify(entries.Where(e => e.Seq is < 3 or > 6))));
        Assert.Equal((1L, "entry 1 is missing"), Problem(Verify(entries.Skip(1))));
    }

    [Fact]
    public void A_forged_entry_with_its_own_hash_recomputed_does_not_follow_its_predecessor()
    {
        var entries = Chain(5);
        var forged = entries[2] with { Details = "forged", PreviousHash = new string('a', 64) };
        entries[2] = forged with { Hash = AuditChain.ComputeHash(forged) };

        Assert.Equal(new AuditVerification(Scope, false, 2, 3, "entry 3 does not follow entry 2"), Verify(entries));

        // Re-linked to its predecessor, the forgery breaks the link of its successor instead.
        var relinked = entries[2] with { PreviousHash = entries[1].Hash };
        entries[2] = relinked with { Hash = AuditChain.ComputeHash(relinked) };
        Assert.Equal((4L, "entry 4 does not follow entry 3"), Problem(Verify(entries)));

        var first = entries[0] with { PreviousHash = new string('f', 64) };
        Assert.Equal((1L, "entry 1 does not start the chain"), Problem(Verify([first with { Hash = AuditChain.ComputeHash(first) }])));
    }

    [Fact]
    public void Newest_entries_removed_or_replaced_are_found_against_the_recorded_head()
    {
        var entries = Chain(5);
        var head = new AuditHead(5, entries[4].Hash);

        Assert.True(Verify(entries[..3]).Valid);
        Assert.Equal(new AuditVerification(Scope, false, 3, 4, "entries after 3 were removed (the log recorded entry 5)"), Verify(entries[..3], [head]));
        Assert.Equal((1L, "all entries were removed (the log recorded entry 5)"), Problem(Verify([], [head])));

        var replaced = entries[4] with { Details = "consistent forgery" };
        entries[4] = replaced with { Hash = AuditChain.ComputeHash(replaced) };
        Assert.True(Verify(entries).Valid);
        Assert.Equal((5L, "entry 5 was replaced"), Problem(Verify(entries, [head])));
    }

    [Fact]
    public void Entries_beyond_what_the_writer_wrote_were_added_outside_the_log()
    {
        var entries = Chain(7);

        // The writer had written 5 when verification began and 6 when it ended: 7 is not its own.
        Assert.Equal((7L, "entry 7 was added outside the audit log"), Problem(Verify(entries, writtenBefore: 5, writtenAfter: 6)));
        Assert.True(Verify(entries, writtenBefore: 5, writtenAfter: 7).Valid);
        Assert.True(Verify(entries).Valid);
    }

    private static (long?, string?) Problem(AuditVerification result)
    {
        Assert.False(result.Valid);
        return (result.FirstInvalidSeq, result.Problem);
    }
}
