using System.Net;
using System.Net.Http.Json;
using static HubRealtime.Server.Tests.Api.ApiKit;

namespace HubRealtime.Server.Tests.Api;

[Collection(EmbeddedServerCollection.Name)]
public sealed class InvitationApiTests(EmbeddedServerFixture fixture)
{
    private readonly ApiKit _kit = new(fixture.Server);

    [Fact]
    public async Task An_invitation_is_issued_shown_and_accepted_anonymously_once_and_the_new_member_is_visible_to_the_agency_admin()
    {
        var agency = await _kit.AgencyAsync();
        var invitee = NewEmail("newcomer");
        var issued = await JsonAsync(await _kit.PostAsync(agency.Admin, $"/api/agencies/{agency.Id}/invitations", new { email = invitee, role = "member" }));
        var token = issued.GetProperty("token").GetString()!;

        var shown = await _kit.Http.GetAsync($"/public/invitations/{token}");
        var accepted = await _kit.Http.PostAsJsonAsync($"/public/invitations/{token}/accept", new { displayName = "Nina Newcomer", password = Password });
        var reused = await _kit.Http.PostAsJsonAsync($"/public/invitations/{token}/accept", new { displayName = "Mallory", password = Password });
        var profile = await _kit.GetAsync(agency.Admin, $"/api/users/{invitee}");
        var members = await JsonAsync(await _kit.GetAsync(agency.Admin, $"/api/agencies/{agency.Id}/members"));
        _kit.Know(invitee, "Nina Newcomer");
        var ownAgency = await _kit.GetAsync(invitee, $"/api/agencies/{agency.Id}");

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var view = await JsonAsync(shown);
        Assert.Equal((agency.Id, invitee, "member", "pending"), (
            view.GetProperty("agencyId").GetString(), view.GetProperty("email").GetString(),
            view.GetProperty("role").GetString(), view.GetProperty("status").GetString()));
        Assert.True(view.TryGetProperty("expiresAt", out _));
        Assert.False(view.TryGetProperty("invitationId", out _));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("accepted", (await JsonAsync(accepted)).GetProperty("status").GetString());
        Assert.Equal((409, "invitation_used"), await ProblemAsync(reused));
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        var read = await JsonAsync(profile);
        Assert.Equal(("Nina Newcomer", agency.Id, "member"), (
            read.GetProperty("displayName").GetString(), read.GetProperty("agencyId").GetString(), read.GetProperty("agencyRole").GetString()));
        Assert.Contains(members.EnumerateArray(), m => m.GetProperty("email").GetString() == invitee);
        Assert.Equal(HttpStatusCode.OK, ownAgency.StatusCode);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!")]
    public async Task Malformed_and_unknown_tokens_answer_alike(string token)
    {
        var shown = await _kit.Http.GetAsync($"/public/invitations/{Uri.EscapeDataString(token)}");
        var accepted = await _kit.Http.PostAsJsonAsync($"/public/invitations/{Uri.EscapeDataString(token)}/accept", new { displayName = "X", password = Password });

        Assert.Equal((404, "invitation_invalid"), await ProblemAsync(shown));
        Assert.Equal((404, "invitation_invalid"), await ProblemAsync(accepted));
    }

    [Fact]
    public async Task A_weak_password_is_refused_and_the_invitation_stays_usable()
    {
        var agency = await _kit.AgencyAsync();
        var invitee = NewEmail("weak");
        var token = (await JsonAsync(await _kit.PostAsync(agency.Admin, $"/api/agencies/{agency.Id}/invitations", new { email = invitee, role = "admin" })))
            .GetProperty("token").GetString()!;

        var weak = await _kit.Http.PostAsJsonAsync($"/public/invitations/{token}/accept", new { displayName = "Walt", password = "short" });
        var noBody = await _kit.Http.PostAsync($"/public/invitations/{token}/accept", new StringContent("", System.Text.Encoding.UTF8, "application/json"));
        var strong = await _kit.Http.PostAsJsonAsync($"/public/invitations/{token}/accept", new { displayName = "Walt", password = Password });

        Assert.Equal((400, "password_policy"), await ProblemAsync(weak));
        Assert.Equal((400, "invalid_argument"), await ProblemAsync(noBody));
        Assert.Equal(HttpStatusCode.OK, strong.StatusCode);
        Assert.Equal("admin", (await JsonAsync(strong)).GetProperty("role").GetString());
    }
}
