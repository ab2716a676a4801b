using System.Security.Cryptography;
using System.Text;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Grains.Tests.Agencies;

[Collection(RoomClusterCollection.Name)]
public sealed class InvitationTests(RoomClusterFixture fixture)
{
    private readonly AgencyKit _kit = new(fixture.Grains);

    private async Task<(string AgencyId, Caller Admin, Caller HubAdmin)> AgencyWithAdminAsync()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var agencyId = await _kit.AgencyAsync(hubAdmin);
        return (agencyId, await _kit.UserAsync("Ada Admin", agencyId, AgencyRole.Admin), hubAdmin);
    }

    [Fact]
    public async Task An_accepted_invitation_creates_the_account_and_the_membership_once()
    {
        var (agencyId, admin, hubAdmin) = await AgencyWithAdminAsync();
        var email = AgencyKit.NewEmail("ivy");
        var now = RoomClusterFixture.Clock.GetUtcNow();

        var issued = await _kit.Agency(agencyId).Invite(admin, "  " + email.ToUpperInvariant() + " ", AgencyRole.Admin, null);

        Assert.Matches("^[A-Za-z0-9_-]{43}$", issued.Token);
        var expectedId = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(issued.Token)));
        Assert.Equal(new InvitationInfo(expectedId, agencyId, email, AgencyRole.Admin, InvitationStatus.Pending, now + AccountLimits.DefaultInvitationLifetime, admin.UserId), issued.Invitation);
        var invitation = _kit.Invitation(issued.Token);
        Assert.Equal(issued.Invitation, await invitation.Get());

        var accepted = await invitation.Accept(new InvitationAcceptance("Ivy Invitee", AgencyKit.Password));

        Assert.Equal(InvitationStatus.Accepted, accepted.Status);
        var profile = await fixture.Grains.GetGrain<IUserGrain>(email).GetProfile(Caller.System);
        Assert.Equal((agencyId, AgencyRole.Admin, "Ivy Invitee", false), (profile.AgencyId, profile.AgencyRole, profile.DisplayName, profile.IsHubAdmin));
        Assert.True(profile.MfaRequired);
        Assert.Equal(new AgencyMember(email, "Ivy Invitee", AgencyRole.Admin, true), Assert.Single(await _kit.Agency(agencyId).ListMembers(admin)));
        Assert.Equal(InvitationStatus.Accepted, Assert.Single(await _kit.Agency(agencyId).ListInvitations(hubAdmin)).Status);
        Assert.Equal(ErrorCodes.InvitationUsed, await AgencyKit.CodeOf(() => invitation.Accept(new InvitationAcceptance("Ivy Again", "another long password"))));

        var audit = await _kit.AuditAsync(AuditScope.Agency(agencyId), admin);
        Assert.Contains(audit, e => e.Action == AuditActions.InvitationIssued && e.Target == email && e.Actor == admin.UserId);
        Assert.Contains(audit, e => e.Action == AuditActions.InvitationAccepted && e.Target == email);
        Assert.DoesNotContain(audit, e => e.Details.Contains(issued.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invitation_expires_and_then_creates_nothing()
    {
        var (agencyId, admin, _) = await AgencyWithAdminAsync();
        var email = AgencyKit.NewEmail("late");
        var issued = await _kit.Agency(agencyId).Invite(admin, email, AgencyRole.Member, TimeSpan.FromHours(1));
        var invitation = _kit.Invitation(issued.Token);

        RoomClusterFixture.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(InvitationStatus.Expired, (await invitation.Get()).Status);
        Assert.Equal(InvitationStatus.Expired, Assert.Single(await _kit.Agency(agencyId).ListInvitations(admin)).Status);
        Assert.Equal(ErrorCodes.InvitationExpired, await AgencyKit.CodeOf(() => invitation.Accept(new InvitationAcceptance("Late Larry", AgencyKit.Password))));
        Assert.Equal(ErrorCodes.InvitationExpired, await AgencyKit.CodeOf(() => _kit.Agency(agencyId).RevokeInvitation(admin, issued.Invitation.InvitationId)));
        Assert.False(await fixture.Grains.GetGrain<IUserGrain>(email).Exists(Caller.System));
        Assert.Empty(await _kit.Agency(agencyId).ListMembers(admin));
    }

    [Fact]
    public async Task A_revoked_invitation_cannot_be_accepted_and_is_audited()
    {
        var (agencyId, admin, hubAdmin) = await AgencyWithAdminAsync();
        var email = AgencyKit.NewEmail("rex");
        var issued = await _kit.Agency(agencyId).Invite(admin, email, AgencyRole.Member, TimeSpan.FromDays(30));

        await _kit.Agency(agencyId).RevokeInvitation(hubAdmin, issued.Invitation.InvitationId);

        var invitation = _kit.Invitation(issued.Token);
        Assert.Equal(InvitationStatus.Revoked, (await invitation.Get()).Status);
        Assert.Equal(ErrorCodes.InvitationRevoked, await AgencyKit.CodeOf(() => invitation.Accept(new InvitationAcceptance("Rex Revoked", AgencyKit.Password))));
        Assert.Equal(ErrorCodes.InvitationRevoked, await AgencyKit.CodeOf(() => _kit.Agency(agencyId).RevokeInvitation(admin, issued.Invitation.InvitationId)));
        Assert.Equal(InvitationStatus.Revoked, Assert.Single(await _kit.Agency(agencyId).ListInvitations(admin)).Status);
        Assert.False(await fixture.Grains.GetGrain<IUserGrain>(email).Exists(Caller.System));
        Assert.Contains(await _kit.AuditAsync(AuditScope.Agency(agencyId), admin), e => e.Action == AuditActions.InvitationRevoked && e.Target == email);
    }

    [Fact]
    public async Task A_wrong_token_looks_exactly_like_an_unknown_invitation()
    {
        var (agencyId, admin, _) = await AgencyWithAdminAsync();
        var issued = await _kit.Agency(agencyId).Invite(admin, AgencyKit.NewEmail("tok"), AgencyRole.Member, null);
        var wrong = issued.Token[..^1] + (issued.Token[^1] == 'A' ? 'B' : 'A');

        var wrongGet = await Assert.ThrowsAsync<HubRealtimeException>(() => _kit.Invitation(wrong).Get());
        var wrongAccept = await Assert.ThrowsAsync<HubRealtimeException>(() => _kit.Invitation(wrong).Accept(new InvitationAcceptance("Guesser", AgencyKit.Password)));
        var unknown = await Assert.ThrowsAsync<HubRealtimeException>(() => _kit.Invitation(InvitationToken.New().Token).Get());

        Assert.All(new[] { wrongGet, wrongAccept, unknown }, e => Assert.Equal((ErrorCodes.InvitationInvalid, unknown.Message), (e.Code, e.Message)));
        Assert.False(InvitationToken.TryGetId("not a token", out _));
        Assert.False(InvitationToken.TryGetId(issued.Token + "A", out _));
        Assert.Equal(InvitationStatus.Pending, (await _kit.Invitation(issued.Token).Get()).Status);
    }

    [Fact]
    public async Task Refused_input_leaves_the_invitation_pending_for_a_better_try()
    {
        var (agencyId, admin, _) = await AgencyWithAdminAsync();
        var issued = await _kit.Agency(agencyId).Invite(admin, AgencyKit.NewEmail("pat"), AgencyRole.Member, null);
        var invitation = _kit.Invitation(issued.Token);

        Assert.Equal(ErrorCodes.PasswordPolicy, await AgencyKit.CodeOf(() => invitation.Accept(new InvitationAcceptance("Pat Patient", "short"))));
        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() => invitation.Accept(new InvitationAcceptance(" ", AgencyKit.Password))));
        Assert.Equal(InvitationStatus.Pending, (await invitation.Get()).Status);

        Assert.Equal(InvitationStatus.Accepted, (await invitation.Accept(new InvitationAcceptance("Pat Patient", AgencyKit.Password))).Status);
    }

    [Fact]
    public async Task Invitations_are_refused_for_existing_accounts_bad_lifetimes_and_bad_input()
    {
        var (agencyId, admin, _) = await AgencyWithAdminAsync();
        var existing = await _kit.UserAsync("Ed Existing", agencyId);
        var agency = _kit.Agency(agencyId);
        var email = AgencyKit.NewEmail("new");

        Assert.Equal(ErrorCodes.AccountExists, await AgencyKit.CodeOf(() => agency.Invite(admin, existing.UserId, AgencyRole.Member, null)));
        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() => agency.Invite(admin, email, AgencyRole.Member, TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1))));
        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() => agency.Invite(admin, email, AgencyRole.Member, TimeSpan.Zero)));
        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() => agency.Invite(admin, "not an address", AgencyRole.Member, null)));
        Assert.Equal(ErrorCodes.InvalidArgument, await AgencyKit.CodeOf(() => agency.Invite(admin, email, (AgencyRole)7, null)));
        Assert.Equal(ErrorCodes.InvitationInvalid, await AgencyKit.CodeOf(() => agency.RevokeInvitation(admin, "../etc")));
        Assert.Empty(await agency.ListInvitations(admin));
    }

    [Fact]
    public async Task Only_system_callers_issue_or_revoke_at_the_invitation_grain()
    {
        var (agencyId, admin, hubAdmin) = await AgencyWithAdminAsync();
        var issued = await _kit.Agency(agencyId).Invite(admin, AgencyKit.NewEmail("sys"), AgencyRole.Member, null);
        var invitation = _kit.Invitation(issued.Token);

        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => invitation.Revoke(hubAdmin)));
        Assert.Equal(ErrorCodes.Forbidden, await AgencyKit.CodeOf(() => _kit.Invitation(InvitationToken.New().Token).Issue(admin, issued.Invitation)));
        Assert.Equal(InvitationStatus.Pending, (await invitation.Get()).Status);
    }
}
