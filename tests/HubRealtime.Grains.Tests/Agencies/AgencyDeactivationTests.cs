using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Grains.Tests.Agencies;

[Collection(RoomClusterCollection.Name)]
public sealed class AgencyDeactivationTests(RoomClusterFixture fixture)
{
    private readonly AgencyKit _kit = new(fixture.Grains);

    [Fact]
    public async Task Deactivating_an_agency_ends_its_members_sessions_and_reactivating_restores_sign_in()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var agencyId = await _kit.AgencyAsync(hubAdmin);
        var admin = await _kit.UserAsync("Ada Admin", agencyId, AgencyRole.Admin);
        var member = await _kit.InvitedMemberAsync(admin, agencyId, "Mia Member");
        var user = _kit.User(member);
        var signIn = await user.CheckPassword(AgencyKit.Password);
        Assert.Equal(SignInOutcome.Succeeded, signIn.Outcome);
        var stamp = signIn.Session!.SecurityStamp;
        Assert.NotNull(await user.ValidateSession(stamp));

        await _kit.Agency(agencyId).SetActive(hubAdmin, false);

        Assert.Null(await user.ValidateSession(stamp));
        Assert.Equal(SignInOutcome.Deactivated, (await user.CheckPassword(AgencyKit.Password)).Outcome);
        Assert.False((await _kit.Agency(agencyId).GetInfo(hubAdmin)).Active);
        Assert.False(Assert.Single(await fixture.Grains.GetGrain<IAgencyDirectoryGrain>(0).List(hubAdmin), a => a.AgencyId == agencyId).Active);
        Assert.False(Assert.Single(await _kit.Agency(agencyId).ListMembers(hubAdmin)).Active);
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => _kit.Agency(agencyId).GetInfo(member)));
        Assert.Equal(ErrorCodes.AgencyInactive, await AgencyKit.CodeOf(() => _kit.Agency(agencyId).Invite(hubAdmin, AgencyKit.NewEmail("no"), AgencyRole.Member, null)));

        await _kit.Agency(agencyId).SetActive(hubAdmin, true);

        Assert.Null(await user.ValidateSession(stamp));
        var again = await user.CheckPassword(AgencyKit.Password);
        Assert.Equal(SignInOutcome.Succeeded, again.Outcome);
        Assert.NotNull(await user.ValidateSession(again.Session!.SecurityStamp));
        Assert.True((await _kit.Agency(agencyId).GetInfo(member)).Active);
        var audit = await _kit.AuditAsync(AuditScope.Hub, hubAdmin);
        Assert.Contains(audit, e => e.Action == AuditActions.AgencyDeactivated && e.Target == agencyId);
        Assert.Contains(audit, e => e.Action == AuditActions.AgencyReactivated && e.Target == agencyId);
    }

    [Fact]
    public async Task Invitations_of_a_deactivated_agency_cannot_be_accepted()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var agencyId = await _kit.AgencyAsync(hubAdmin);
        var email = AgencyKit.NewEmail("ola");
        var issued = await _kit.Agency(agencyId).Invite(hubAdmin, email, AgencyRole.Member, null);

        await _kit.Agency(agencyId).SetActive(hubAdmin, false);

        var accept = () => _kit.Invitation(issued.Token).Accept(new InvitationAcceptance("Ola Outside", AgencyKit.Password));
        Assert.Equal(ErrorCodes.AgencyInactive, await AgencyKit.CodeOf(accept));
        Assert.False(await fixture.Grains.GetGrain<IUserGrain>(email).Exists(Caller.System));
        await _kit.Agency(agencyId).SetActive(hubAdmin, true);
        await accept();
        Assert.True(await fixture.Grains.GetGrain<IUserGrain>(email).Exists(Caller.System));
    }

    [Fact]
    public async Task Only_hub_admins_deactivate_agencies()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var agencyId = await _kit.AgencyAsync(hubAdmin);
        var admin = await _kit.UserAsync("Ada Admin", agencyId, AgencyRole.Admin);

        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => _kit.Agency(agencyId).SetActive(admin, false)));
        Assert.True((await _kit.Agency(agencyId).GetInfo(admin)).Active);
    }
}
