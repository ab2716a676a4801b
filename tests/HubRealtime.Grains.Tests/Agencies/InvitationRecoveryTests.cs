using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Grains.Agencies;
using HubRealtime.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace HubRealtime.Grains.Tests.Agencies;

/// <summary>Acceptance interrupted halfway (a silo crash) finishes on retry instead of failing or duplicating.</summary>
[Collection(RoomClusterCollection.Name)]
public sealed class InvitationRecoveryTests(RoomClusterFixture fixture)
{
    private readonly AgencyKit _kit = new(fixture.Grains);

    private async Task<(string AgencyId, Caller Admin, string Email, IssuedInvitation Issued)> PendingInvitationAsync()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var agencyId = await _kit.AgencyAsync(hubAdmin);
        var admin = await _kit.UserAsync("Ada Admin", agencyId, AgencyRole.Admin);
        var email = AgencyKit.NewEmail("rita");
        return (agencyId, admin, email, await _kit.Agency(agencyId).Invite(admin, email, AgencyRole.Member, null));
    }

    /// <summary>Leaves the invitation as a crash after "mark accepting" would: stored as accepting, activation gone.</summary>
    private async Task CrashWhileAcceptingAsync(IInvitationGrain invitation)
    {
        var storage = ((InProcessSiloHandle)fixture.Cluster.Primary!).ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        var stored = new GrainState<InvitationState>(new InvitationState());
        await storage.ReadStateAsync("invitation", invitation.GetGrainId(), stored);
        Assert.NotNull(stored.State?.Invitation);
        stored.State.Accepting = true;
        await storage.WriteStateAsync("invitation", invitation.GetGrainId(), stored);
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
    }

    [Fact]
    public async Task A_retry_after_the_account_was_created_completes_the_acceptance()
    {
        var (agencyId, admin, email, issued) = await PendingInvitationAsync();
        var invitation = _kit.Invitation(issued.Token);
        await CrashWhileAcceptingAsync(invitation);
        // The interrupted attempt had created the account before the crash.
        await fixture.Grains.GetGrain<IUserGrain>(email).Register(Caller.System, new NewAccount("Rita Retry", AgencyKit.Password, agencyId, AgencyRole.Member, false, false));

        var accepted = await invitation.Accept(new InvitationAcceptance("Rita Retry", AgencyKit.Password));

        Assert.Equal(InvitationStatus.Accepted, accepted.Status);
        Assert.Equal(email, Assert.Single(await _kit.Agency(agencyId).ListMembers(admin)).Email);
        Assert.Equal(InvitationStatus.Accepted, Assert.Single(await _kit.Agency(agencyId).ListInvitations(admin)).Status);
        Assert.Single(await _kit.AuditAsync(AuditScope.Agency(agencyId), admin), e => e.Action == AuditActions.InvitationAccepted);
        Assert.Equal(ErrorCodes.InvitationUsed, await AgencyKit.CodeOf(() => invitation.Accept(new InvitationAcceptance("Rita Retry", AgencyKit.Password))));
    }

    [Fact]
    public async Task A_retry_never_adopts_an_account_of_another_agency()
    {
        var (agencyId, _, email, issued) = await PendingInvitationAsync();
        var invitation = _kit.Invitation(issued.Token);
        var hubAdmin = await _kit.HubAdminAsync();
        var other = await _kit.AgencyAsync(hubAdmin, "Other agency", "IT");
        await CrashWhileAcceptingAsync(invitation);
        await fixture.Grains.GetGrain<IUserGrain>(email).Register(Caller.System, new NewAccount("Someone Else", AgencyKit.Password, other, AgencyRole.Member, false, false));

        Assert.Equal(ErrorCodes.AccountExists, await AgencyKit.CodeOf(() => invitation.Accept(new InvitationAcceptance("Rita Retry", AgencyKit.Password))));

        Assert.Equal(InvitationStatus.Pending, (await invitation.Get()).Status);
        Assert.Empty(await _kit.Agency(agencyId).ListMembers(hubAdmin));
        Assert.Equal(other, (await fixture.Grains.GetGrain<IUserGrain>(email).GetProfile(Caller.System)).AgencyId);
    }

    [Fact]
    public async Task Concurrent_acceptances_create_one_account()
    {
        var (agencyId, admin, _, issued) = await PendingInvitationAsync();
        var invitation = _kit.Invitation(issued.Token);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(async i =>
        {
            try
            {
                await invitation.Accept(new InvitationAcceptance($"Rita {i}", AgencyKit.Password));
                return "accepted";
            }
            catch (HubRealtimeException error)
            {
                return error.Code;
            }
        }));

        Assert.Single(attempts, a => a == "accepted");
        Assert.Equal(4, attempts.Count(a => a == ErrorCodes.InvitationUsed));
        Assert.Single(await _kit.Agency(agencyId).ListMembers(admin));
    }
}
