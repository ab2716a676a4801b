using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Grains.Tests.Agencies;

[Collection(RoomClusterCollection.Name)]
public sealed class AgencyGrainTests(RoomClusterFixture fixture)
{
    private readonly AgencyKit _kit = new(fixture.Grains);

    private IAgencyDirectoryGrain Directory => fixture.Grains.GetGrain<IAgencyDirectoryGrain>(0);

    [Fact]
    public async Task A_hub_admin_creates_an_agency_that_is_listed_and_audited()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var id = AgencyKit.NewId("agency");

        var info = await _kit.Agency(id).Create(hubAdmin, new NewAgency("  Kenya National Police Service ", "ke", AgencyKind.Police));

        Assert.Equal(new AgencyInfo(id, "Kenya National Police Service", "KE", AgencyKind.Police, true, RoomClusterFixture.Clock.GetUtcNow()), info);
        Assert.Equal(info, await _kit.Agency(id).GetInfo(hubAdmin));
        Assert.Contains(info, await Directory.List(hubAdmin));
        var created = Assert.Single(await _kit.AuditAsync(AuditScope.Hub, hubAdmin), e => e.Action == AuditActions.AgencyCreated && e.Target == id);
        Assert.Equal(hubAdmin.UserId, created.Actor);
        Assert.Equal(ErrorCodes.AgencyExists, await AgencyKit.CodeOf(() => _kit.Agency(id).Create(hubAdmin, new NewAgency("Again", "FR", AgencyKind.Other))));
    }

    [Fact]
    public async Task Only_hub_admins_create_agencies()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var existing = await _kit.AgencyAsync(hubAdmin);
        var agencyAdmin = await _kit.UserAsync("Ada Admin", existing, AgencyRole.Admin);
        var member = await _kit.UserAsync("Max Member", existing);
        var stranger = new Caller(AgencyKit.NewEmail("nobody"), "Nobody");
        var agency = _kit.Agency(AgencyKit.NewId("agency"));
        var request = new NewAgency("Prosecutors", "FR", AgencyKind.Prosecution);

        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => agency.Create(agencyAdmin, request)));
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => agency.Create(member, request)));
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => agency.Create(stranger, request)));
        Assert.Equal(ErrorCodes.Unauthenticated, await AgencyKit.CodeOf(() => agency.Create(new Caller("", ""), request)));
        Assert.Equal(ErrorCodes.AgencyNotFound, await AgencyKit.CodeOf(() => agency.GetInfo(hubAdmin)));
    }

    [Theory]
    [InlineData("", "FR", AgencyKind.Police)]
    [InlineData("   ", "FR", AgencyKind.Police)]
    [InlineData("Bad\u0007Name", "FR", AgencyKind.Police)]
    [InlineData("Police", "XX", AgencyKind.Police)]
    [InlineData("Police", "XK", AgencyKind.Police)]
    [InlineData("Police", "FRA", AgencyKind.Police)]
    [InlineData("Police", "F", AgencyKind.Police)]
    [InlineData("Police", "", AgencyKind.Police)]
    [InlineData("Police", null, AgencyKind.Police)]
    [InlineData("Police", "FR", (AgencyKind)42)]
    public async Task Bad_agency_input_is_refused_and_creates_nothing(string name, string? country, AgencyKind kind)
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var agency = _kit.Agency(AgencyKit.NewId("agency"));

        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() => agency.Create(hubAdmin, new NewAgency(name, country!, kind))));
        Assert.Equal(ErrorCodes.AgencyNotFound, await AgencyKit.CodeOf(() => agency.GetInfo(hubAdmin)));
    }

    [Fact]
    public async Task Names_are_limited_to_200_characters_and_ids_must_be_slugs()
    {
        var hubAdmin = await _kit.HubAdminAsync();

        await _kit.Agency(AgencyKit.NewId("agency")).Create(hubAdmin, new NewAgency(new string('n', 200), "BR", AgencyKind.Ministry));
        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() =>
            _kit.Agency(AgencyKit.NewId("agency")).Create(hubAdmin, new NewAgency(new string('n', 201), "BR", AgencyKind.Ministry))));
        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() =>
            _kit.Agency("Not A Slug").Create(hubAdmin, new NewAgency("Police", "BR", AgencyKind.Police))));
    }

    [Fact]
    public async Task Members_see_only_their_own_agency_and_only_admins_manage_it()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var a = await _kit.AgencyAsync(hubAdmin, "Agency A", "FR");
        var b = await _kit.AgencyAsync(hubAdmin, "Agency B", "DE");
        var adminA = await _kit.UserAsync("Ada Admin", a, AgencyRole.Admin);
        var memberA = await _kit.UserAsync("Max Member", a);
        var agencyA = _kit.Agency(a);
        var agencyB = _kit.Agency(b);

        Assert.Equal(a, (await agencyA.GetInfo(memberA)).AgencyId);
        Assert.Equal(a, (await agencyA.GetInfo(adminA)).AgencyId);
        await agencyA.ListMembers(adminA);
        await agencyA.ListInvitations(adminA);
        Assert.Equal(b, (await agencyB.GetInfo(hubAdmin)).AgencyId);
        await agencyB.ListMembers(hubAdmin);

        foreach (var denied in new Func<Task>[]
        {
            () => agencyB.GetInfo(memberA),
            () => agencyB.GetInfo(adminA),
            () => agencyB.ListMembers(adminA),
            () => agencyB.ListInvitations(adminA),
            () => agencyB.Invite(adminA, AgencyKit.NewEmail("x"), AgencyRole.Member, null),
            () => agencyA.ListMembers(memberA),
            () => agencyA.ListInvitations(memberA),
            () => agencyA.Invite(memberA, AgencyKit.NewEmail("x"), AgencyRole.Member, null),
            () => agencyA.SetActive(adminA, false),
            () => Directory.List(adminA),
            () => Directory.List(memberA),
        })
        {
            Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(denied));
        }
    }

    [Fact]
    public async Task System_only_operations_refuse_users()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var agency = _kit.Agency(await _kit.AgencyAsync(hubAdmin));
        var info = await agency.GetInfo(hubAdmin);

        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => agency.AddMember(hubAdmin, new AgencyMember(hubAdmin.UserId, "Me", AgencyRole.Admin, true))));
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => agency.UpdateInvitation(hubAdmin, new string('a', 64), InvitationStatus.Accepted)));
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => Directory.Upsert(hubAdmin, info with { Name = "Renamed" })));
        Assert.Empty(await agency.ListMembers(hubAdmin));
    }
}
