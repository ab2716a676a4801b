using HubRealtime.Testing;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Grains.Audit;
using HubRealtime.Grains.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace HubRealtime.Grains.Tests.Audit;

[Collection(RoomClusterCollection.Name)]
public sealed class AuditLogGrainTests(RoomClusterFixture fixture)
{
    private const string Password = "correct horse battery staple 42";

    private IGrainFactory Grains => fixture.Grains;

    /// <summary>The SQLite file both silos share (the fixture's embedded store).</summary>
    private string DatabaseFile =>
        ((InProcessSiloHandle)fixture.Cluster.Primary!).ServiceProvider.GetRequiredService<SqliteDatabase>().FilePath;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static string NewGroupScope() => AuditScope.Group(NewId("audit"));

    private static AuditEvent Event(int n) => new("ann@agency.example", AuditActions.MemberJoined, $"member-{n}@agency.example", $"joined as participant #{n}");

    private async Task<IAuditLogGrain> LogWithEntriesAsync(string scope, int count)
    {
        var log = Grains.GetGrain<IAuditLogGrain>(scope);
        for (var i = 1; i <= count; i++)
        {
            await log.Append(Caller.System, Event(i));
        }
        return log;
    }

    private async Task<Caller> NewUserAsync(bool hubAdmin = false, string? agencyId = null, AgencyRole role = AgencyRole.Member)
    {
        var email = $"{NewId("auditor")}@agency.example";
        await Grains.GetGrain<IUserGrain>(email).Register(Caller.System, new NewAccount("Auditor", Password, agencyId, role, hubAdmin, MustChangePassword: false));
        return new Caller(email, "Auditor");
    }

    private Task<Caller> NewHubAdminAsync() => NewUserAsync(hubAdmin: true);

    private async Task DeactivateAllAsync()
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
    }

    private static async Task AssertCode(string code, Func<Task> call) =>
        Assert.Equal(code, (await Assert.ThrowsAsync<HubRealtimeException>(call)).Code);

    private List<(long Seq, string Details)> StoredRows(string scope)
    {
        using var connection = new SqliteConnection($"Data Source={DatabaseFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, details FROM audit_entry WHERE scope = $scope ORDER BY seq";
        command.Parameters.AddWithValue("$scope", scope);
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        return rows;
    }

    private void Tamper(string sql, params (string Name, object Value)[] parameters) =>
        Assert.Equal(1, SqliteTamper.Execute(DatabaseFile, sql, parameters));

    private void InsertForged(AuditEntry entry) => Tamper(
        """
        INSERT INTO audit_entry (scope, seq, at_ticks, actor, action, target, details, previous_hash, hash)
        VALUES ($scope, $seq, $at, $actor, $action, $target, $details, $previous, $hash)
        """,
        ("$scope", entry.Scope), ("$seq", entry.Seq), ("$at", entry.At.UtcTicks), ("$actor", entry.Actor), ("$action", entry.Action),
        ("$target", entry.Target), ("$details", entry.Details), ("$previous", entry.PreviousHash), ("$hash", entry.Hash));

    private void DeleteStored(string scope, long seq) =>
        Tamper("DELETE FROM audit_entry WHERE scope = $scope AND seq = $seq", ("$scope", scope), ("$seq", seq));

    // ---- Append ----

    [Fact]
    public async Task Appends_get_dense_sequences_the_clock_time_and_a_hash_chain_from_genesis()
    {
        var scope = NewGroupScope();
        var log = Grains.GetGrain<IAuditLogGrain>(scope);

        var first = await log.Append(Caller.System, Event(1));
        var second = await log.Append(Caller.System, new AuditEvent("system", AuditActions.GroupCreated, "group:x", ""));

        Assert.Equal((scope, 1L, AuditChain.GenesisHash), (first.Scope, first.Seq, first.PreviousHash));
        Assert.Equal((2L, first.Hash), (second.Seq, second.PreviousHash));
        Assert.Equal(RoomClusterFixture.Clock.GetUtcNow(), first.At);
        Assert.Equal(TimeSpan.Zero, first.At.Offset);
        Assert.Equal(Event(1), new AuditEvent(first.Actor, first.Action, first.Target, first.Details));
        Assert.Equal(AuditChain.ComputeHash(first), first.Hash);
        Assert.Equal(AuditChain.ComputeHash(second), second.Hash);
        Assert.NotEqual(first.Hash, second.Hash);
    }

    [Fact]
    public async Task An_append_completes_only_once_its_entry_is_in_the_database()
    {
        var scope = NewGroupScope();

        var entry = await Grains.GetGrain<IAuditLogGrain>(scope).Append(Caller.System, Event(1));

        // Read with a connection of its own, outside the product: the row is committed.
        Assert.Equal([(1L, entry.Details)], StoredRows(scope));
    }

    [Fact]
    public async Task Only_the_system_may_append()
    {
        var scope = NewGroupScope();
        var log = Grains.GetGrain<IAuditLogGrain>(scope);

        await AssertCode(ErrorCodes.Forbidden, () => log.Append(new Caller("ann@agency.example", "Ann"), Event(1)));
        await AssertCode(ErrorCodes.Forbidden, () => log.Append(new Caller("system", "Someone pretending"), Event(1)));
        await AssertCode(ErrorCodes.Forbidden, () => log.Append(null!, Event(1)));

        Assert.Empty(StoredRows(scope));
    }

    [Fact]
    public async Task Bad_events_are_refused_and_nothing_is_stored()
    {
        var scope = NewGroupScope();
        var log = Grains.GetGrain<IAuditLogGrain>(scope);
        // (Unpaired surrogates never arrive from a client: Orleans' serializer replaces them; see AuditInputTests.)
        AuditEvent[] bad =
        [
            new("", "sign-in", "t", ""),
            new("   ", "sign-in", "t", ""),
            new("a", "", "t", ""),
            new("a", "sign-in", "", ""),
            new("a", "Sign In", "t", ""),
            new("a", "sign-in", "t", new string('d', AuditInput.MaxDetailsLength + 1)),
            new(new string('a', AuditInput.MaxActorLength + 1), "sign-in", "t", ""),
            new("a", new string('x', AuditInput.MaxActionLength + 1), "t", ""),
            new("a", "sign-in", new string('t', AuditInput.MaxTargetLength + 1), ""),
            new("a", "sign-in", "t", "line one\nline two"),
            new("a\u0000b", "sign-in", "t", ""),
            new("a", "sign-in", "t\u001b[31m", ""),
            new("a", "sign-in", "t", "tab\there"),
            null!,
        ];

        for (var i = 0; i < bad.Length; i++)
        {
            var error = await Record.ExceptionAsync(() => log.Append(Caller.System, bad[i]));
            Assert.True(error is HubRealtimeException { Code: ErrorCodes.InvalidArgument }, $"bad event #{i}: {error?.Message ?? "accepted"}");
        }
        Assert.Empty(StoredRows(scope));

        // At the limits, with Unicode, it goes in as given (not trimmed), as entry 1.
        var longest = new AuditEvent(" " + new string('a', AuditInput.MaxActorLength - 1), "sign-in", "مستخدم 👋🏽", new string('d', AuditInput.MaxDetailsLength));
        var entry = await log.Append(Caller.System, longest);
        Assert.Equal(1, entry.Seq);
        Assert.Equal(longest, new AuditEvent(entry.Actor, entry.Action, entry.Target, entry.Details));
    }

    [Fact]
    public async Task Malformed_scopes_are_refused()
    {
        foreach (var scope in new[] { "hubs", "agency:", "agency:Upper", "group:a/b", "group:-x", "room:r-1", "agency:a:b" })
        {
            var log = Grains.GetGrain<IAuditLogGrain>(scope);
            await AssertCode(ErrorCodes.InvalidArgument, () => log.Append(Caller.System, Event(1)));
            Assert.Empty(StoredRows(scope));
        }
    }

    [Fact]
    public async Task Concurrent_appends_are_group_committed_into_one_dense_valid_chain()
    {
        var scope = NewGroupScope();
        var log = Grains.GetGrain<IAuditLogGrain>(scope);

        var entries = await Task.WhenAll(Enumerable.Range(1, 120).Select(i => log.Append(Caller.System, Event(i))));

        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), entries.Select(e => e.Seq).Order());
        Assert.Equal(Enumerable.Range(1, 120).Select(i => $"joined as participant #{i}").Order(), entries.Select(e => e.Details).Order());
        var bySeq = entries.OrderBy(e => e.Seq).ToList();
        for (var i = 1; i < bySeq.Count; i++)
        {
            Assert.Equal(bySeq[i - 1].Hash, bySeq[i].PreviousHash);
        }
        Assert.Equal(120, StoredRows(scope).Count);
        var verification = await log.Verify(await NewHubAdminAsync());
        Assert.Equal(new AuditVerification(scope, true, 120, null, null), verification);
    }

    [Fact]
    public async Task Verification_running_alongside_appends_reports_no_false_alarm()
    {
        var admin = await NewHubAdminAsync();
        var scope = NewGroupScope();
        var log = await LogWithEntriesAsync(scope, 10);

        var appends = Enumerable.Range(11, 150).Select(i => log.Append(Caller.System, Event(i))).ToList();
        var verifications = Enumerable.Range(0, 5).Select(_ => log.Verify(admin)).ToList();
        await Task.WhenAll(appends);

        Assert.All(await Task.WhenAll(verifications), v => Assert.True(v.Valid, v.Problem));
        Assert.Equal(new AuditVerification(scope, true, 160, null, null), await log.Verify(admin));
    }

    [Fact]
    public async Task After_reactivation_the_chain_continues_from_the_stored_head()
    {
        var scope = NewGroupScope();
        var log = await LogWithEntriesAsync(scope, 3);
        var third = (await log.Read(await NewHubAdminAsync(), 2, 1)).Entries.Single();

        await DeactivateAllAsync();
        Assert.DoesNotContain(await Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(), s => s.GrainId == log.GetGrainId());
        var fourth = await log.Append(Caller.System, Event(4));

        Assert.Equal((4L, third.Hash), (fourth.Seq, fourth.PreviousHash));
        Assert.True((await log.Verify(await NewHubAdminAsync())).Valid);
    }

    // ---- Read and Verify: who may ----

    [Fact]
    public async Task Hub_admins_read_every_scope_page_by_page()
    {
        var admin = await NewHubAdminAsync();
        var scope = NewGroupScope();
        var log = await LogWithEntriesAsync(scope, 5);

        var first = await log.Read(admin, 0, 2);
        var rest = await log.Read(admin, 2, 200);
        var none = await log.Read(admin, 5, 10);

        Assert.Equal([1L, 2L], first.Entries.Select(e => e.Seq));
        Assert.Equal(5, first.LastSeq);
        Assert.Equal([3L, 4L, 5L], rest.Entries.Select(e => e.Seq));
        Assert.Equal(first.Entries[1].Hash, rest.Entries[0].PreviousHash);
        Assert.Empty(none.Entries);

        var agencyScope = AuditScope.Agency(NewId("ag"));
        await LogWithEntriesAsync(agencyScope, 1);
        Assert.Single((await Grains.GetGrain<IAuditLogGrain>(agencyScope).Read(admin, 0, 10)).Entries);
        Assert.True((await Grains.GetGrain<IAuditLogGrain>(agencyScope).Verify(admin)).Valid);
        await Grains.GetGrain<IAuditLogGrain>(AuditScope.Hub).Read(admin, 0, 10);
        Assert.True((await Grains.GetGrain<IAuditLogGrain>(AuditScope.Hub).Verify(admin)).Valid);
    }

    [Fact]
    public async Task Agency_admins_read_and_verify_their_own_agency_only()
    {
        var agency = NewId("ag");
        var agencyAdmin = await NewUserAsync(agencyId: agency, role: AgencyRole.Admin);
        var member = await NewUserAsync(agencyId: agency, role: AgencyRole.Member);
        var otherAdmin = await NewUserAsync(agencyId: NewId("ag"), role: AgencyRole.Admin);
        var own = await LogWithEntriesAsync(AuditScope.Agency(agency), 2);

        Assert.Equal(2, (await own.Read(agencyAdmin, 0, 10)).Entries.Count);
        Assert.True((await own.Verify(agencyAdmin)).Valid);

        await AssertCode(ErrorCodes.Forbidden, () => own.Read(member, 0, 10));
        await AssertCode(ErrorCodes.Forbidden, () => own.Verify(member));
        await AssertCode(ErrorCodes.Forbidden, () => own.Read(otherAdmin, 0, 10));
        await AssertCode(ErrorCodes.Forbidden, () => own.Verify(otherAdmin));
        foreach (var scope in new[] { AuditScope.Hub, NewGroupScope(), AuditScope.Agency(NewId("ag")) })
        {
            var log = Grains.GetGrain<IAuditLogGrain>(scope);
            await AssertCode(ErrorCodes.Forbidden, () => log.Read(agencyAdmin, 0, 10));
            await AssertCode(ErrorCodes.Forbidden, () => log.Verify(agencyAdmin));
        }
    }

    [Fact]
    public async Task Unidentified_callers_and_the_system_cannot_read_or_verify()
    {
        var log = await LogWithEntriesAsync(NewGroupScope(), 1);
        var unknown = new Caller($"{NewId("nobody")}@agency.example", "Nobody");

        await AssertCode(ErrorCodes.Unauthenticated, () => log.Read(null!, 0, 10));
        await AssertCode(ErrorCodes.Unauthenticated, () => log.Read(Caller.System, 0, 10));
        await AssertCode(ErrorCodes.Unauthenticated, () => log.Verify(Caller.System));
        await AssertCode(ErrorCodes.Forbidden, () => log.Read(unknown, 0, 10));
        await AssertCode(ErrorCodes.Forbidden, () => log.Verify(unknown));
        await AssertCode(ErrorCodes.Forbidden, () => log.Read(new Caller("not an e-mail", "X"), 0, 10));
    }

    [Fact]
    public async Task Read_checks_its_page_arguments()
    {
        var admin = await NewHubAdminAsync();
        var log = await LogWithEntriesAsync(NewGroupScope(), 1);

        await AssertCode(ErrorCodes.InvalidArgument, () => log.Read(admin, 0, 0));
        await AssertCode(ErrorCodes.InvalidArgument, () => log.Read(admin, 0, 201));
        await AssertCode(ErrorCodes.InvalidArgument, () => log.Read(admin, -1, 10));
        Assert.Single((await log.Read(admin, 0, 200)).Entries);
    }

    // ---- Verify: tamper detection on the stored chain ----

    [Fact]
    public async Task An_intact_chain_verifies()
    {
        var scope = NewGroupScope();
        var log = await LogWithEntriesAsync(scope, 6);

        var admin = await NewHubAdminAsync();
        var empty = NewGroupScope();

        Assert.Equal(new AuditVerification(scope, true, 6, null, null), await log.Verify(admin));
        Assert.Equal(new AuditVerification(empty, true, 0, null, null), await Grains.GetGrain<IAuditLogGrain>(empty).Verify(admin));
    }

    [Fact]
    public async Task An_entry_altered_in_the_database_is_named()
    {
        var admin = await NewHubAdminAsync();
        var scope = NewGroupScope();
        var log = await LogWithEntriesAsync(scope, 5);

        Tamper("UPDATE audit_entry SET details = $details WHERE scope = $scope AND seq = 3", ("$details", "joined as owner"), ("$scope", scope));

        Assert.Equal("joined as owner", (await log.Read(admin, 2, 1)).Entries[0].Details);
        Assert.Equal(new AuditVerification(scope, false, 2, 3, "entry 3 was altered"), await log.Verify(admin));
    }

    [Fact]
    public async Task An_entry_deleted_from_the_middle_is_named_as_missing()
    {
        var scope = NewGroupScope();
        var log = await LogWithEntriesAsync(scope, 5);

        DeleteStored(scope, 3);

        Assert.Equal(new AuditVerification(scope, false, 2, 3, "entry 3 is missing"), await log.Verify(await NewHubAdminAsync()));
    }

    [Fact]
    public async Task A_forged_entry_with_a_recomputed_hash_but_the_wrong_previous_hash_is_detected()
    {
        var admin = await NewHubAdminAsync();
        var scope = NewGroupScope();
        var log = await LogWithEntriesAsync(scope, 5);
        var original = (await log.Read(admin, 2, 1)).Entries[0];

        DeleteStored(scope, 3);
        var forged = original with { Actor = "someone-else@agency.example", PreviousHash = new string('e', 64) };
        InsertForged(forged with { Hash = AuditChain.ComputeHash(forged) });

        Assert.Equal(new AuditVerification(scope, false, 2, 3, "entry 3 does not follow entry 2"), await log.Verify(admin));
    }

    [Fact]
    public async Task The_newest_entry_deleted_is_detected_and_stays_detected_after_new_appends()
    {
        var admin = await NewHubAdminAsync();
        var scope = NewGroupScope();
        var log = await LogWithEntriesAsync(scope, 5);

        DeleteStored(scope, 5);

        Assert.Equal(new AuditVerification(scope, false, 4, 5, "entries after 4 were removed (the log recorded entry 5)"), await log.Verify(admin));

        // A new activation does not paper over the removal: it continues from the recorded head, leaving the gap.
        await DeactivateAllAsync();
        var next = await log.Append(Caller.System, Event(6));
        Assert.Equal(6, next.Seq);
        Assert.Equal([1L, 2L, 3L, 4L, 6L], StoredRows(scope).Select(r => r.Seq));
        Assert.Equal(new AuditVerification(scope, false, 4, 5, "entry 5 is missing"), await log.Verify(admin));
    }

    [Fact]
    public async Task The_newest_entry_replaced_by_a_consistent_forgery_is_detected()
    {
        var admin = await NewHubAdminAsync();
        var scope = NewGroupScope();
        var log = await LogWithEntriesAsync(scope, 5);
        var original = (await log.Read(admin, 4, 1)).Entries[0];

        DeleteStored(scope, 5);
        var forged = original with { Details = "joined as observer" }; // correctly linked to entry 4
        InsertForged(forged with { Hash = AuditChain.ComputeHash(forged) });

        Assert.Equal(new AuditVerification(scope, false, 4, 5, "entry 5 was replaced"), await log.Verify(admin));
    }

    [Fact]
    public async Task An_entry_forged_after_the_head_is_detected()
    {
        var admin = await NewHubAdminAsync();
        var scope = NewGroupScope();
        var log = await LogWithEntriesAsync(scope, 3);
        var head = (await log.Read(admin, 2, 1)).Entries[0];

        InsertForged(AuditChain.Next(scope, new(head.Seq, head.Hash), head.At, new AuditEvent("x@agency.example", AuditActions.SignIn, "x@agency.example", "")));

        Assert.Equal(new AuditVerification(scope, false, 4, 4, "entry 4 was added outside the audit log"), await log.Verify(admin));
    }
}
