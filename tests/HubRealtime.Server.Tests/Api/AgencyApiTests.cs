using System.Net;
using System.Net.Http.Json;
using static HubRealtime.Server.Tests.Api.ApiKit;

namespace HubRealtime.Server.Tests.Api;

[Collection(EmbeddedServerCollection.Name)]
public sealed class AgencyApiTests(EmbeddedServerFixture fixture)
{
    private readonly ApiKit _kit = new(fixture.Server);

    [Fact]
    public async Task A_hub_admin_creates_lists_reads_deactivates_and_reactivates_an_agency()
    {
        var admin = await _kit.HubAdminAsync();
        var agencyId = NewId("ag");

        var created = await _kit.PostAsync(admin, "/api/agencies", new { agencyId, name = "Politie Nederland", country = "nl", kind = "police" });
        var again = await _kit.PostAsync(admin, "/api/agencies", new { agencyId, name = "Politie Nederland", country = "NL", kind = "police" });
        var list = await JsonAsync(await _kit.GetAsync(admin, "/api/agencies"));
        var read = await JsonAsync(await _kit.GetAsync(admin, $"/api/agencies/{agencyId}"));
        var deactivated = await _kit.PostAsync(admin, $"/api/agencies/{agencyId}/deactivate");
        var reactivated = await _kit.PostAsync(admin, $"/api/agencies/{agencyId}/reactivate");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/agencies/{agencyId}", created.Headers.Location?.OriginalString);
        var body = await JsonAsync(created);
        Assert.Equal(("NL", "police", true), (body.GetProperty("country").GetString(), body.GetProperty("kind").GetString(), body.GetProperty("active").GetBoolean()));
        Assert.Equal((409, "agency_exists"), await ProblemAsync(again));
        Assert.Contains(list.EnumerateArray(), a => a.GetProperty("agencyId").GetString() == agencyId);
        Assert.Equal("Politie Nederland", read.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.False((await JsonAsync(deactivated)).GetProperty("active").GetBoolean());
        Assert.True((await JsonAsync(reactivated)).GetProperty("active").GetBoolean());
    }

    [Theory]
    [InlineData("{\"agencyId\":\"Bad Id\",\"name\":\"x\",\"country\":\"NL\",\"kind\":\"police\"}")]
    [InlineData("{\"agencyId\":\"fine-id\",\"name\":\"x\",\"country\":\"XX\",\"kind\":\"police\"}")]
    [InlineData("{\"agencyId\":\"fine-id\",\"name\":\"x\",\"country\":\"NL\",\"kind\":\"navy\"}")]
    [InlineData("{\"agencyId\":\"fine-id\",\"name\":\"x\",\"country\":\"NL\",\"kind\":1}")]
    [InlineData("{\"agencyId\":\"fine-id\",\"name\":\"\",\"country\":\"NL\",\"kind\":\"police\"}")]
    [InlineData("{\"agencyId\":\"fine-id\",\"name\":\"x\",\"country\":\"NL\"}")]
    [InlineData("not json")]
    public async Task Bad_agency_input_is_400_invalid_argument(string body)
    {
        var admin = await _kit.HubAdminAsync();

        var response = await _kit.PostRawAsync(admin, "/api/agencies", body);

        Assert.Equal((400, "invalid_argument"), await ProblemAsync(response));
    }

    [Fact]
    public async Task Agency_admins_and_members_cannot_create_or_list_agencies_or_change_their_status()
    {
        var agency = await _kit.AgencyAsync();

        foreach (var who in new[] { agency.Admin, agency.Member })
        {
            Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(who, "/api/agencies", new { agencyId = NewId("ag"), name = "x", country = "NL", kind = "police" })));
            Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(who, "/api/agencies")));
            Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(who, $"/api/agencies/{agency.Id}/deactivate")));
            Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(who, $"/api/agencies/{agency.Id}/reactivate")));
        }
    }

    [Fact]
    public async Task A_member_reads_their_agency_but_not_its_members_or_invitations()
    {
        var agency = await _kit.AgencyAsync();

        Assert.Equal(HttpStatusCode.OK, (await _kit.GetAsync(agency.Member, $"/api/agencies/{agency.Id}")).StatusCode);
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(agency.Member, $"/api/agencies/{agency.Id}/members")));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(agency.Member, $"/api/agencies/{agency.Id}/invitations")));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(agency.Member, $"/api/agencies/{agency.Id}/invitations", new { email = NewEmail("x"), role = "member" })));
    }

    [Fact]
    public async Task The_admin_of_another_agency_is_denied_everything_about_this_one()
    {
        var agency = await _kit.AgencyAsync();
        var other = await _kit.AgencyAsync();
        var outsider = other.Admin;

        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(outsider, $"/api/agencies/{agency.Id}")));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(outsider, $"/api/agencies/{agency.Id}/members")));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(outsider, $"/api/agencies/{agency.Id}/invitations")));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(outsider, $"/api/agencies/{agency.Id}/invitations", new { email = NewEmail("x"), role = "member" })));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(outsider, $"/api/users/{agency.Member}")));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(outsider, $"/api/users/{agency.Member}/status", new { status = "deactivated" })));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(outsider, $"/api/users/{agency.Member}/agency-role", new { role = "admin" })));
    }

    [Fact]
    public async Task An_agency_admin_invites_lists_and_revokes_and_the_revoked_link_stops_working()
    {
        var agency = await _kit.AgencyAsync();
        var invitee = NewEmail("invitee");

        var issued = await _kit.PostAsync(agency.Admin, $"/api/agencies/{agency.Id}/invitations", new { email = invitee, role = "member", lifetimeDays = 3 });
        var body = await JsonAsync(issued);
        var token = body.GetProperty("token").GetString()!;
        var invitationId = body.GetProperty("invitation").GetProperty("invitationId").GetString()!;
        var pending = await JsonAsync(await _kit.GetAsync(agency.Admin, $"/api/agencies/{agency.Id}/invitations"));
        var revoked = await _kit.DeleteAsync(agency.Admin, $"/api/agencies/{agency.Id}/invitations/{invitationId}");
        var revokedAgain = await _kit.DeleteAsync(agency.Admin, $"/api/agencies/{agency.Id}/invitations/{invitationId}");
        var after = await JsonAsync(await _kit.GetAsync(agency.Admin, $"/api/agencies/{agency.Id}/invitations"));
        var link = await _kit.Http.GetAsync($"/public/invitations/{token}");
        var accept = await _kit.Http.PostAsJsonAsync($"/public/invitations/{token}/accept", new { displayName = "Too Late", password = Password });

        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        Assert.Equal($"/#/accept/{token}", body.GetProperty("acceptUrl").GetString());
        Assert.Equal((invitee, "member", "pending"), (
            body.GetProperty("invitation").GetProperty("email").GetString(),
            body.GetProperty("invitation").GetProperty("role").GetString(),
            body.GetProperty("invitation").GetProperty("status").GetString()));
        Assert.DoesNotContain(token, pending.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("pending", pending.EnumerateArray().Single(i => i.GetProperty("invitationId").GetString() == invitationId).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal((409, "invitation_revoked"), await ProblemAsync(revokedAgain));
        Assert.Equal("revoked", after.EnumerateArray().Single(i => i.GetProperty("invitationId").GetString() == invitationId).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        Assert.Equal("revoked", (await JsonAsync(link)).GetProperty("status").GetString());
        Assert.Equal((409, "invitation_revoked"), await ProblemAsync(accept));
    }

    [Theory]
    [InlineData("{\"email\":\"not-an-email\",\"role\":\"member\"}")]
    [InlineData("{\"email\":\"someone@agency.example\",\"role\":\"owner\"}")]
    [InlineData("{\"email\":\"someone@agency.example\"}")]
    [InlineData("{\"email\":\"someone@agency.example\",\"role\":\"member\",\"lifetimeDays\":0}")]
    [InlineData("{\"email\":\"someone@agency.example\",\"role\":\"member\",\"lifetimeDays\":31}")]
    public async Task Bad_invitations_are_400_invalid_argument(string body)
    {
        var agency = await _kit.AgencyAsync();

        var response = await _kit.PostRawAsync(agency.Admin, $"/api/agencies/{agency.Id}/invitations", body);

        Assert.Equal((400, "invalid_argument"), await ProblemAsync(response));
    }

    [Fact]
    public async Task Inviting_an_existing_account_is_409_and_unknown_agencies_and_invitations_are_404()
    {
        var agency = await _kit.AgencyAsync();

        var existing = await _kit.PostAsync(agency.Admin, $"/api/agencies/{agency.Id}/invitations", new { email = agency.Member, role = "member" });
        var hubAdmin = await _kit.HubAdminAsync();
        var unknownAgency = await _kit.GetAsync(hubAdmin, $"/api/agencies/{NewId("none")}");
        var unknownInvitation = await _kit.DeleteAsync(agency.Admin, $"/api/agencies/{agency.Id}/invitations/{new string('a', 64)}");

        Assert.Equal((409, "account_exists"), await ProblemAsync(existing));
        Assert.Equal((404, "agency_not_found"), await ProblemAsync(unknownAgency));
        Assert.Equal((404, "invitation_invalid"), await ProblemAsync(unknownInvitation));
    }

    [Fact]
    public async Task An_agency_admin_changes_a_members_role_and_status_and_reads_the_profile()
    {
        var agency = await _kit.AgencyAsync();

        var promoted = await _kit.PostAsync(agency.Admin, $"/api/users/{agency.Member}/agency-role", new { role = "admin" });
        var profile = await JsonAsync(await _kit.GetAsync(agency.Admin, $"/api/users/{agency.Member}"));
        var deactivated = await _kit.PostAsync(agency.Admin, $"/api/users/{agency.Member}/status", new { status = "deactivated" });
        var members = await JsonAsync(await _kit.GetAsync(agency.Admin, $"/api/agencies/{agency.Id}/members"));
        var ownProfile = await _kit.GetAsync(agency.Admin, $"/api/users/{agency.Admin.ToUpperInvariant()}");
        var badStatus = await _kit.PostAsync(agency.Admin, $"/api/users/{agency.Member}/status", new { status = "banished" });

        Assert.Equal(HttpStatusCode.NoContent, promoted.StatusCode);
        Assert.Equal(("admin", agency.Id), (profile.GetProperty("agencyRole").GetString(), profile.GetProperty("agencyId").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, deactivated.StatusCode);
        var member = members.EnumerateArray().Single(m => m.GetProperty("email").GetString() == agency.Member);
        Assert.False(member.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, ownProfile.StatusCode);
        Assert.Equal((400, "invalid_argument"), await ProblemAsync(badStatus));
    }

    [Fact]
    public async Task A_member_cannot_change_roles_or_status()
    {
        var agency = await _kit.AgencyAsync();

        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(agency.Member, $"/api/users/{agency.Admin}/status", new { status = "deactivated" })));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(agency.Member, $"/api/users/{agency.Member}/agency-role", new { role = "admin" })));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(agency.Member, $"/api/users/{agency.Admin}")));
    }

    [Fact]
    public async Task A_deactivated_agency_locks_out_its_members_and_its_invitations_until_reactivated()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var agency = await _kit.AgencyAsync(hubAdmin);
        var token = (await JsonAsync(await _kit.PostAsync(agency.Admin, $"/api/agencies/{agency.Id}/invitations", new { email = NewEmail("later"), role = "member" })))
            .GetProperty("token").GetString()!;

        await _kit.PostAsync(hubAdmin, $"/api/agencies/{agency.Id}/deactivate");
        var adminWhileInactive = await _kit.GetAsync(agency.Admin, $"/api/agencies/{agency.Id}/members");
        var acceptWhileInactive = await _kit.Http.PostAsJsonAsync($"/public/invitations/{token}/accept", new { displayName = "Lena Later", password = Password });
        var inviteWhileInactive = await _kit.PostAsync(hubAdmin, $"/api/agencies/{agency.Id}/invitations", new { email = NewEmail("x"), role = "member" });
        await _kit.PostAsync(hubAdmin, $"/api/agencies/{agency.Id}/reactivate");
        var adminAfter = await _kit.GetAsync(agency.Admin, $"/api/agencies/{agency.Id}/members");
        var acceptAfter = await _kit.Http.PostAsJsonAsync($"/public/invitations/{token}/accept", new { displayName = "Lena Later", password = Password });

        // With a real identity the edge already refuses: the session of a member of an inactive agency has ended.
        Assert.Equal((401, "unauthenticated"), await ProblemAsync(adminWhileInactive));
        Assert.Equal((409, "agency_inactive"), await ProblemAsync(acceptWhileInactive));
        Assert.Equal((409, "agency_inactive"), await ProblemAsync(inviteWhileInactive));
        Assert.Equal(HttpStatusCode.OK, adminAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, acceptAfter.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/agencies")]
    [InlineData("POST", "/api/agencies")]
    [InlineData("GET", "/api/agencies/some-agency")]
    [InlineData("GET", "/api/agencies/some-agency/members")]
    [InlineData("POST", "/api/agencies/some-agency/invitations")]
    [InlineData("GET", "/api/agencies/some-agency/invitations")]
    [InlineData("DELETE", "/api/agencies/some-agency/invitations/abc")]
    [InlineData("POST", "/api/agencies/some-agency/deactivate")]
    [InlineData("POST", "/api/agencies/some-agency/reactivate")]
    [InlineData("GET", "/api/users/someone@agency.example")]
    [InlineData("POST", "/api/users/someone@agency.example/status")]
    [InlineData("POST", "/api/users/someone@agency.example/agency-role")]
    [InlineData("POST", "/api/groups")]
    [InlineData("GET", "/api/groups/mine")]
    [InlineData("GET", "/api/groups/some-group")]
    [InlineData("GET", "/api/groups/some-group/members")]
    [InlineData("POST", "/api/groups/some-group/members")]
    [InlineData("DELETE", "/api/groups/some-group/members/someone@agency.example")]
    [InlineData("POST", "/api/groups/some-group/leave")]
    [InlineData("GET", "/api/audit/hub")]
    [InlineData("GET", "/api/audit/hub/verify")]
    public async Task Anonymous_requests_are_refused_as_unauthenticated(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { });
        }

        var response = await _kit.Http.SendAsync(request);

        Assert.Equal((401, "unauthenticated"), await ProblemAsync(response));
    }
}
