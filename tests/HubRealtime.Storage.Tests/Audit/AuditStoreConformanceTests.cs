using System.Reflection;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Grains.Audit;
using HubRealtime.Grains.Storage;

namespace HubRealtime.Storage.Tests.Audit;

/// <summary>
/// The contract of <see cref="IAuditStore"/>, written once and run against every provider, plus tamper
/// detection on each provider's real storage: a row changed or removed behind the store's back is named
/// by <see cref="AuditChainVerifier"/>. Each test uses its own scopes.
/// </summary>
public abstract class AuditStoreConformanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset BaseTime = new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero).AddTicks(7_654_321);

    protected IAuditStore Store { get; private set; } = null!;

    /// <summary>Opens the store on the provider's data; opening again after <see cref="CloseStoreAsync"/> must see the same data.</summary>
    protected abstract Task<IAuditStore> OpenStoreAsync();

    /// <summary>Releases everything the current store object holds (files, connections).</summary>
    protected abstract Task CloseStoreAsync();

    /// <summary>Changes the details of a stored entry directly in the backing storage, as an attacker would.</summary>
    protected abstract Task AlterStoredDetailsAsync(string scope, long seq, string details);

    /// <summary>Removes a stored entry directly in the backing storage, as an attacker would.</summary>
    protected abstract Task DeleteStoredEntryAsync(string scope, long seq);

    public async Task InitializeAsync() => Store = await OpenStoreAsync();

    public virtual Task DisposeAsync() => CloseStoreAsync();

    private async Task ReopenAsync()
    {
        await CloseStoreAsync();
        Store = await OpenStoreAsync();
    }

    protected static string NewScope(string kind = "group") => $"{kind}:t-{Guid.NewGuid():N}";

    private static AuditEvent Event(long n) => new($"user-{n}@agency.example", AuditActions.SignIn, $"user-{n}@agency.example", $"attempt {n}");

    /// <summary>A valid chain of <paramref name="count"/> entries after <paramref name="head"/>, one second apart.</summary>
    protected static List<AuditEntry> Chain(string scope, int count, AuditHead? head = null)
    {
        var entries = new List<AuditEntry>(count);
        head ??= AuditChain.Genesis;
        for (var i = 0; i < count; i++)
        {
            var entry = AuditChain.Next(scope, head, BaseTime.AddSeconds(head.Seq + 1), Event(head.Seq + 1));
            entries.Add(entry);
            head = new AuditHead(entry.Seq, entry.Hash);
        }
        return entries;
    }

    protected async Task AppendInBatchesAsync(string scope, IReadOnlyList<AuditEntry> entries)
    {
        foreach (var batch in entries.Chunk(IAuditStore.MaxEntriesPerAppend))
        {
            await Store.AppendAsync(scope, batch);
        }
    }

    /// <summary>Verifies the stored chain page by page, as the grain does (small pages, to cross page boundaries).</summary>
    protected async Task<AuditVerification> VerifyStoredAsync(string scope, params AuditHead[] anchors)
    {
        var verifier = new AuditChainVerifier(scope, anchors);
        for (var after = 0L; ;)
        {
            var page = await Store.ReadAfterAsync(scope, after, 7);
            foreach (var entry in page)
            {
                if (!verifier.Check(entry))
                {
                    return verifier.Finish();
                }
            }
            if (page.Count < 7)
            {
                return verifier.Finish();
            }
            after = page[^1].Seq;
        }
    }

    [Fact]
    public async Task An_empty_scope_has_no_head_and_no_entries()
    {
        var scope = NewScope();

        Assert.Null(await Store.GetHeadAsync(scope));
        Assert.Empty(await Store.ReadAfterAsync(scope, 0, 100));
    }

    [Fact]
    public async Task Appended_entries_read_back_in_order_with_every_field_and_the_head_follows()
    {
        var scope = NewScope();
        var entries = Chain(scope, 8);

        await Store.AppendAsync(scope, entries[..5]);
        Assert.Equal(new AuditHead(5, entries[4].Hash), await Store.GetHeadAsync(scope));
        await Store.AppendAsync(scope, entries[5..]);

        Assert.Equal(entries, await Store.ReadAfterAsync(scope, 0, 100));
        Assert.Equal(new AuditHead(8, entries[7].Hash), await Store.GetHeadAsync(scope));
    }

    [Fact]
    public async Task Read_after_respects_the_sequence_and_the_limit_across_many_batches()
    {
        var scope = NewScope();
        var entries = Chain(scope, 320);
        await AppendInBatchesAsync(scope, entries);

        Assert.Equal(new AuditHead(320, entries[^1].Hash), await Store.GetHeadAsync(scope));
        Assert.Equal(entries[..200], await Store.ReadAfterAsync(scope, 0, 200));
        Assert.Equal(entries[200..], await Store.ReadAfterAsync(scope, 200, 200));
        Assert.Equal(entries[10..13], await Store.ReadAfterAsync(scope, 10, 3));
        Assert.Equal(entries[319..], await Store.ReadAfterAsync(scope, 319, 5));
        Assert.Equal(entries[..1], await Store.ReadAfterAsync(scope, -5, 1));
        Assert.Equal(entries, await Store.ReadAfterAsync(scope, 0, IAuditStore.MaxReadLimit));
        Assert.Empty(await Store.ReadAfterAsync(scope, 320, 10));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ReadAfterAsync(scope, 0, 0));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ReadAfterAsync(scope, 0, IAuditStore.MaxReadLimit + 1));
    }

    [Fact]
    public async Task Read_after_skips_gaps_instead_of_stopping_at_them()
    {
        var scope = NewScope();
        var entries = Chain(scope, 300);
        // The store keeps what it is given: a gap (here 3..5 and 10..259) stays visible to readers.
        await Store.AppendAsync(scope, entries[..2]);
        await Store.AppendAsync(scope, entries[5..9]);
        await Store.AppendAsync(scope, entries[259..300]);

        Assert.Equal([.. entries[..2], .. entries[5..9]], await Store.ReadAfterAsync(scope, 0, 6));
        Assert.Equal(entries[5..6], await Store.ReadAfterAsync(scope, 2, 1));
        Assert.Equal(entries[259..261], await Store.ReadAfterAsync(scope, 9, 2));
        Assert.Equal(new AuditHead(300, entries[^1].Hash), await Store.GetHeadAsync(scope));
    }

    [Fact]
    public async Task A_taken_sequence_conflicts_and_nothing_of_the_batch_is_stored_or_overwritten()
    {
        var scope = NewScope();
        var entries = Chain(scope, 6);
        await Store.AppendAsync(scope, entries[..3]);

        var forged = entries[2] with { Details = "overwrite?" };
        await Assert.ThrowsAsync<AuditLogConflictException>(() => Store.AppendAsync(scope, [entries[3], forged, entries[4]]));

        Assert.Equal(entries[..3], await Store.ReadAfterAsync(scope, 0, 100));
        Assert.Equal(new AuditHead(3, entries[2].Hash), await Store.GetHeadAsync(scope));

        // Still usable: the next batch that fits goes in.
        await Store.AppendAsync(scope, entries[3..]);
        Assert.Equal(entries, await Store.ReadAfterAsync(scope, 0, 100));
    }

    [Fact]
    public async Task A_sequence_twice_in_one_batch_conflicts_and_stores_nothing()
    {
        var scope = NewScope();
        var entries = Chain(scope, 3);

        await Assert.ThrowsAsync<AuditLogConflictException>(() => Store.AppendAsync(scope, [entries[0], entries[1], entries[1] with { Actor = "x" }]));

        Assert.Null(await Store.GetHeadAsync(scope));
        Assert.Empty(await Store.ReadAfterAsync(scope, 0, 10));
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_sequence_one_wins_one_conflicts()
    {
        var scope = NewScope();
        var a = Chain(scope, 1)[0];
        var b = AuditChain.Next(scope, AuditChain.Genesis, BaseTime, new AuditEvent("other", AuditActions.SignInFailed, "other", ""));

        var results = await Task.WhenAll(Attempt(a), Attempt(b));

        Assert.Single(results, r => r is null);
        Assert.IsType<AuditLogConflictException>(Assert.Single(results, r => r is not null));
        var stored = Assert.Single(await Store.ReadAfterAsync(scope, 0, 10));
        Assert.Contains(stored, new[] { a, b });
        Assert.Equal(new AuditHead(1, stored.Hash), await Store.GetHeadAsync(scope));

        async Task<Exception?> Attempt(AuditEntry entry)
        {
            try
            {
                await Store.AppendAsync(scope, [entry]);
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }
    }

    [Fact]
    public async Task A_batch_holds_1_to_50_entries_of_its_own_scope()
    {
        var scope = NewScope();
        var entries = Chain(scope, IAuditStore.MaxEntriesPerAppend + 1);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendAsync(scope, []));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendAsync(scope, entries));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendAsync(NewScope(), entries[..1]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendAsync(scope, [entries[0] with { Seq = 0 }]));
        Assert.Null(await Store.GetHeadAsync(scope));

        await Store.AppendAsync(scope, entries[..IAuditStore.MaxEntriesPerAppend]);
        Assert.Equal(IAuditStore.MaxEntriesPerAppend, (await Store.GetHeadAsync(scope))!.Seq);
    }

    [Fact]
    public async Task Scopes_are_isolated()
    {
        string hub = AuditScope.Hub, agency = NewScope("agency"), group = NewScope("group");
        var hubEntries = Chain(hub, 3);
        var agencyEntries = Chain(agency, 2); // same sequences as in the hub scope: no conflict

        await Store.AppendAsync(hub, hubEntries);
        await Store.AppendAsync(agency, agencyEntries);

        Assert.Equal(hubEntries, await Store.ReadAfterAsync(hub, 0, 10));
        Assert.Equal(agencyEntries, await Store.ReadAfterAsync(agency, 0, 10));
        Assert.Equal(2, (await Store.GetHeadAsync(agency))!.Seq);
        Assert.Null(await Store.GetHeadAsync(group));
        Assert.Empty(await Store.ReadAfterAsync(group, 0, 10));
    }

    [Fact]
    public async Task Unicode_and_maximum_length_fields_round_trip_exactly()
    {
        var scope = NewScope();
        var longDetails = LongUnicodeText(2000);
        AuditEvent[] events =
        [
            new("مستخدم@agency.example", AuditActions.RoleChanged, "王小明@agency.example", "Zoë 🦊 → admin, e\u0301, \u200f rtl"),
            new("user@agency.example", AuditActions.Exported, "group:g-1", longDetails),
            new("a|b", "x", "c", ""),
        ];
        var head = AuditChain.Genesis;
        var entries = new List<AuditEntry>();
        foreach (var e in events)
        {
            var entry = AuditChain.Next(scope, head, BaseTime, e);
            entries.Add(entry);
            head = new AuditHead(entry.Seq, entry.Hash);
        }
        Assert.Equal(2000, longDetails.Length);

        await Store.AppendAsync(scope, entries);

        var read = await Store.ReadAfterAsync(scope, 0, 10);
        Assert.Equal(entries, read);
        Assert.Equal(entries[1].Details, read[1].Details, StringComparer.Ordinal);
        Assert.True((await VerifyStoredAsync(scope)).Valid);
    }

    private static string LongUnicodeText(int length)
    {
        const string unit = "سلام 你好 👋🏽 ";
        var text = new System.Text.StringBuilder(length);
        while (text.Length + unit.Length <= length - 2)
        {
            text.Append(unit);
        }
        return text.Append('x', length - 2 - text.Length).Append("🎉").ToString();
    }

    [Fact]
    public async Task The_time_keeps_its_instant_to_the_tick()
    {
        var scope = NewScope();
        var at = new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.FromHours(3)).AddTicks(9_876_543);
        var entry = AuditChain.Next(scope, AuditChain.Genesis, at, Event(1));
        await Store.AppendAsync(scope, [entry]);

        var read = Assert.Single(await Store.ReadAfterAsync(scope, 0, 1));
        Assert.Equal(at.UtcTicks, read.At.UtcTicks);
        Assert.Equal(TimeSpan.Zero, read.At.Offset);
        Assert.Equal(entry.Hash, AuditChain.ComputeHash(read));
    }

    [Fact]
    public async Task Data_survives_reopening_the_store_and_stays_insert_only()
    {
        var scope = NewScope();
        var entries = Chain(scope, 7);
        await Store.AppendAsync(scope, entries[..6]);

        await ReopenAsync();

        Assert.Equal(new AuditHead(6, entries[5].Hash), await Store.GetHeadAsync(scope));
        Assert.Equal(entries[..6], await Store.ReadAfterAsync(scope, 0, 10));
        await Assert.ThrowsAsync<AuditLogConflictException>(() => Store.AppendAsync(scope, [entries[5] with { Details = "rewritten" }]));
        await Store.AppendAsync(scope, [entries[6]]);
        Assert.Equal(entries, await Store.ReadAfterAsync(scope, 0, 10));
    }

    [Fact]
    public void The_store_offers_no_way_to_update_or_delete_an_entry()
    {
        // Retention (at least one year) is kept by having nothing that removes entries.
        var methods = typeof(IAuditStore).GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => m.Name).Order();
        Assert.Equal(["AppendAsync", "GetHeadAsync", "ReadAfterAsync"], methods);
    }

    [Fact]
    public async Task A_chain_written_through_the_store_verifies_across_pages()
    {
        var scope = NewScope();
        var entries = Chain(scope, 60);
        await AppendInBatchesAsync(scope, entries);

        var result = await VerifyStoredAsync(scope, new AuditHead(60, entries[^1].Hash));

        Assert.Equal(new AuditVerification(scope, true, 60, null, null), result);
    }

    [Fact]
    public async Task An_entry_altered_in_storage_is_named_by_verification()
    {
        var scope = NewScope();
        var entries = Chain(scope, 20);
        await AppendInBatchesAsync(scope, entries);

        await AlterStoredDetailsAsync(scope, 9, "nothing happened here");

        Assert.Equal("nothing happened here", (await Store.ReadAfterAsync(scope, 8, 1))[0].Details);
        var result = await VerifyStoredAsync(scope, new AuditHead(20, entries[^1].Hash));
        Assert.Equal(new AuditVerification(scope, false, 8, 9, "entry 9 was altered"), result);
    }

    [Fact]
    public async Task An_entry_removed_from_storage_is_named_by_verification()
    {
        var scope = NewScope();
        var entries = Chain(scope, 20);
        await AppendInBatchesAsync(scope, entries);

        await DeleteStoredEntryAsync(scope, 14);

        var result = await VerifyStoredAsync(scope, new AuditHead(20, entries[^1].Hash));
        Assert.Equal(new AuditVerification(scope, false, 13, 14, "entry 14 is missing"), result);
    }

    [Fact]
    public async Task The_newest_entry_removed_from_storage_is_detected_against_the_recorded_head()
    {
        var scope = NewScope();
        var entries = Chain(scope, 5);
        await Store.AppendAsync(scope, entries);

        await DeleteStoredEntryAsync(scope, 5);

        // Without a record of the head, a shortened chain is valid in itself...
        Assert.True((await VerifyStoredAsync(scope)).Valid);
        // ...with it, the removal shows.
        var result = await VerifyStoredAsync(scope, new AuditHead(5, entries[^1].Hash));
        Assert.Equal(new AuditVerification(scope, false, 4, 5, "entries after 4 were removed (the log recorded entry 5)"), result);
    }
}
