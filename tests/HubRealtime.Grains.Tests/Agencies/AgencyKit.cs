using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Grains.Tests.Agencies;

/// <summary>Accounts, agencies and invitations for the agency and working-group tests, made the way the product makes them.</summary>
internal sealed class AgencyKit(IGrainFactory grains)
{
    public const string Password = "a long enough password";

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static string NewEmail(string prefix) => NewId(prefix) + "@agency.example";

    /// <summary>An account registered directly by the system (as the bootstrap does), not through an invitation.</summary>
    public async Task<Caller> UserAsync(string name, string? agencyId, AgencyRole role = AgencyRole.Member, bool hubAdmin = false)
    {
        var email = NewEmail(name.Split(' ')[0].ToLowerInvariant());
        await grains.GetGrain<IUserGrain>(email).Register(Caller.System, new NewAccount(name, Password, agencyId, role, hubAdmin, MustChangePassword: false));
        return new Caller(email, name);
    }

    public Task<Caller> HubAdminAsync() => UserAsync("Hana Hubadmin", null, hubAdmin: true);

    public IAgencyGrain Agency(string agencyId) => grains.GetGrain<IAgencyGrain>(agencyId);

    public IUserGrain User(Caller caller) => grains.GetGrain<IUserGrain>(caller.UserId);

    public async Task<string> AgencyAsync(Caller hubAdmin, string name = "National Police", string country = "KE")
    {
        var id = NewId("agency");
        await Agency(id).Create(hubAdmin, new NewAgency(name, country, AgencyKind.Police));
        return id;
    }

    /// <summary>A new member of the agency, through an invitation the admin issues and the invitee accepts.</summary>
    public async Task<Caller> InvitedMemberAsync(Caller admin, string agencyId, string name, AgencyRole role = AgencyRole.Member)
    {
        var email = NewEmail(name.Split(' ')[0].ToLowerInvariant());
        var issued = await Agency(agencyId).Invite(admin, email, role, null);
        await Invitation(issued.Token).Accept(new InvitationAcceptance(name, Password));
        return new Caller(email, name);
    }

    /// <summary>The invitation grain a token leads to, as the acceptance endpoint finds it.</summary>
    public IInvitationGrain Invitation(string token)
    {
        Assert.True(InvitationToken.TryGetId(token, out var id));
        return grains.GetGrain<IInvitationGrain>(id);
    }

    /// <summary>Every entry of an audit chain, read by an auditor, page by page.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(string scope, Caller auditor)
    {
        var entries = new List<AuditEntry>();
        while (true)
        {
            var page = await grains.GetGrain<IAuditLogGrain>(scope).Read(auditor, entries.Count == 0 ? 0 : entries[^1].Seq, 200);
            entries.AddRange(page.Entries);
            if (page.Entries.Count == 0 || entries[^1].Seq >= page.LastSeq)
            {
                return entries;
            }
        }
    }

    public static async Task<string> CodeOf(Func<Task> call) => (await Assert.ThrowsAsync<HubRealtimeException>(call)).Code;
}
