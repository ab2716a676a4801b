using System.Net;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Testing.Server;
using static HubRealtime.Server.Tests.Api.ApiKit;

namespace HubRealtime.Server.Tests.Api;

[Collection(EmbeddedServerCollection.Name)]
public sealed class WorkingGroupApiTests(EmbeddedServerFixture fixture)
{
    private readonly ApiKit _kit = new(fixture.Server);

    [Fact]
    public async Task A_member_creates_a_group_adds_a_member_of_another_agency_who_sees_it_then_removes_them()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var home = await _kit.AgencyAsync(hubAdmin);
        var abroad = await _kit.AgencyAsync(hubAdmin);
        var groupId = NewId("wg");

        var created = await _kit.PostAsync(home.Member, "/api/groups", new { groupId, title = "Victim identification" });
        var duplicate = await _kit.PostAsync(home.Member, "/api/groups", new { groupId, title = "Again" });
        var added = await _kit.PostAsync(home.Member, $"/api/groups/{groupId}/members", new { email = abroad.Member, role = "participant" });
        var theirGroups = await JsonAsync(await _kit.GetAsync(abroad.Member, "/api/groups/mine"));
        var members = await JsonAsync(await _kit.GetAsync(abroad.Member, $"/api/groups/{groupId}/members"));
        var info = await JsonAsync(await _kit.GetAsync(abroad.Member, $"/api/groups/{groupId}"));
        var participantAdds = await _kit.PostAsync(abroad.Member, $"/api/groups/{groupId}/members", new { email = home.Admin, role = "participant" });
        var removed = await _kit.DeleteAsync(home.Member, $"/api/groups/{groupId}/members/{abroad.Member}");
        var afterRemoval = await _kit.GetAsync(abroad.Member, $"/api/groups/{groupId}");
        var theirGroupsAfter = await JsonAsync(await _kit.GetAsync(abroad.Member, "/api/groups/mine"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/groups/{groupId}", created.Headers.Location?.OriginalString);
        Assert.Equal($"wg-{groupId}", (await JsonAsync(created)).GetProperty("roomId").GetString());
        Assert.Equal((409, "group_exists"), await ProblemAsync(duplicate));
        Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        Assert.Contains(theirGroups.EnumerateArray(), g => g.GetProperty("groupId").GetString() == groupId);
        Assert.Equal(
            new List<(string?, string?, string?)> { (home.Member, "owner", home.Id), (abroad.Member, "participant", abroad.Id) },
            members.EnumerateArray().Select(m => (m.GetProperty("email").GetString(), m.GetProperty("role").GetString(), m.GetProperty("agencyId").GetString())).ToList());
        Assert.Equal("Victim identification", info.GetProperty("title").GetString());
        Assert.Equal((403, "forbidden"), await ProblemAsync(participantAdds));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal((403, "forbidden"), await ProblemAsync(afterRemoval));
        Assert.DoesNotContain(theirGroupsAfter.EnumerateArray(), g => g.GetProperty("groupId").GetString() == groupId);
    }

    [Fact]
    public async Task Outsiders_are_refused_and_the_hub_admin_may_read()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var home = await _kit.AgencyAsync(hubAdmin);
        var other = await _kit.AgencyAsync(hubAdmin);
        var groupId = NewId("wg");
        Assert.Equal(HttpStatusCode.Created, (await _kit.PostAsync(home.Admin, "/api/groups", new { groupId, title = "Closed" })).StatusCode);

        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(other.Admin, $"/api/groups/{groupId}")));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(home.Member, $"/api/groups/{groupId}/members")));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.PostAsync(other.Member, $"/api/groups/{groupId}/members", new { email = other.Member, role = "owner" })));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.DeleteAsync(other.Admin, $"/api/groups/{groupId}/members/{home.Admin}")));
        Assert.Equal((404, "not_a_member"), await ProblemAsync(await _kit.PostAsync(other.Member, $"/api/groups/{groupId}/leave")));
        Assert.DoesNotContain((await JsonAsync(await _kit.GetAsync(other.Member, "/api/groups/mine"))).EnumerateArray(), g => g.GetProperty("groupId").GetString() == groupId);
        Assert.Equal(HttpStatusCode.OK, (await _kit.GetAsync(hubAdmin, $"/api/groups/{groupId}")).StatusCode);
    }

    [Fact]
    public async Task Members_leave_but_the_last_owner_cannot_while_others_remain()
    {
        var agency = await _kit.AgencyAsync();
        var groupId = NewId("wg");
        await _kit.PostAsync(agency.Admin, "/api/groups", new { groupId, title = "Leavers" });
        await _kit.PostAsync(agency.Admin, $"/api/groups/{groupId}/members", new { email = agency.Member, role = "facilitator" });

        var ownerLeaves = await _kit.PostAsync(agency.Admin, $"/api/groups/{groupId}/leave");
        var memberLeaves = await _kit.PostAsync(agency.Member, $"/api/groups/{groupId}/leave");
        var ownerLeavesAlone = await _kit.PostAsync(agency.Admin, $"/api/groups/{groupId}/leave");

        Assert.Equal((409, "last_owner"), await ProblemAsync(ownerLeaves));
        Assert.Equal(HttpStatusCode.NoContent, memberLeaves.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, ownerLeavesAlone.StatusCode);
    }

    [Fact]
    public async Task A_member_made_facilitator_must_enrol_MFA_before_anything_else()
    {
        var agency = await _kit.AgencyAsync();
        var groupId = NewId("wg");
        await _kit.PostAsync(agency.Admin, "/api/groups", new { groupId, title = "Leads" });
        var plain = await fixture.Server.RegisterAsync("plain", "Plain Member", agency.Id);
        using var http = fixture.Server.Client(await fixture.Server.TokenAsync(plain));
        var before = await http.GetAsync("/api/groups/mine");

        await _kit.PostAsync(agency.Admin, $"/api/groups/{groupId}/members", new { email = plain.Email, role = "facilitator" });
        var restricted = await http.GetAsync("/api/groups/mine");
        var me = await JsonAsync(await http.GetAsync("/api/auth/me"));
        await TestAccounts.EnrolTotpAsync(fixture.Server.Grains().GetGrain<IUserGrain>(plain.Email), plain.Caller);
        var afterEnrolment = await http.GetAsync("/api/groups/mine");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal((403, "mfa_enrolment_required"), await ProblemAsync(restricted));
        Assert.True(me.GetProperty("mfaEnrolmentRequired").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, afterEnrolment.StatusCode);
    }

    [Theory]
    [InlineData("{\"groupId\":\"Bad Id\",\"title\":\"x\"}")]
    [InlineData("{\"groupId\":\"fine-group\",\"title\":\"\"}")]
    [InlineData("{\"title\":\"x\"}")]
    [InlineData("[]")]
    public async Task Bad_group_input_is_400_invalid_argument(string body)
    {
        var agency = await _kit.AgencyAsync();

        var response = await _kit.PostRawAsync(agency.Member, "/api/groups", body);

        Assert.Equal((400, "invalid_argument"), await ProblemAsync(response));
    }

    [Fact]
    public async Task Bad_member_input_and_unknown_groups_get_their_codes()
    {
        var agency = await _kit.AgencyAsync();
        var groupId = NewId("wg");
        await _kit.PostAsync(agency.Admin, "/api/groups", new { groupId, title = "Inputs" });

        Assert.Equal((400, "invalid_argument"), await ProblemAsync(await _kit.PostAsync(agency.Admin, $"/api/groups/{groupId}/members", new { email = "nope", role = "participant" })));
        Assert.Equal((400, "invalid_argument"), await ProblemAsync(await _kit.PostAsync(agency.Admin, $"/api/groups/{groupId}/members", new { email = agency.Member, role = "king" })));
        Assert.Equal((400, "invalid_argument"), await ProblemAsync(await _kit.GetAsync(agency.Admin, "/api/groups/Bad_Id")));
        var unknown = await ProblemAsync(await _kit.GetAsync(agency.Admin, $"/api/groups/{NewId("none")}"));
        Assert.Contains(unknown, new (int, string?)[] { (404, "group_not_found"), (403, "forbidden") });
    }
}
