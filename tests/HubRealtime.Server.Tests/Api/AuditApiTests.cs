using System.Net;
using static HubRealtime.Server.Tests.Api.ApiKit;

namespace HubRealtime.Server.Tests.Api;

[Collection(EmbeddedServerCollection.Name)]
public sealed class AuditApiTests(EmbeddedServerFixture fixture)
{
    private readonly ApiKit _kit = new(fixture.Server);

    [Fact]
    public async Task A_hub_admin_reads_pages_of_the_hub_chain_and_verifies_it()
    {
        var hubAdmin = await _kit.HubAdminAsync();
        var agency = await _kit.AgencyAsync(hubAdmin);

        var lastSeq = (await JsonAsync(await _kit.GetAsync(hubAdmin, "/api/audit/hub?limit=1"))).GetProperty("lastSeq").GetInt64();
        var first = await JsonAsync(await _kit.GetAsync(hubAdmin, $"/api/audit/hub?afterSeq={Math.Max(0, lastSeq - 100)}&limit=200"));
        var tail = await JsonAsync(await _kit.GetAsync(hubAdmin, $"/api/audit/hub?afterSeq={lastSeq - 1}&limit=5"));
        var verified = await JsonAsync(await _kit.GetAsync(hubAdmin, "/api/audit/hub/verify"));

        Assert.True(lastSeq >= 1);
        Assert.Single(tail.GetProperty("entries").EnumerateArray());
        var entries = first.GetProperty("entries").EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "agency-created" && e.GetProperty("target").GetString() == agency.Id);
        Assert.All(entries, e => Assert.Equal(64, e.GetProperty("hash").GetString()!.Length));
        Assert.Equal(("hub", true), (verified.GetProperty("scope").GetString(), verified.GetProperty("valid").GetBoolean()));
        Assert.True(verified.GetProperty("entriesChecked").GetInt64() >= lastSeq);
    }

    [Fact]
    public async Task An_agency_admin_audits_their_agency_only()
    {
        var agency = await _kit.AgencyAsync();
        var other = await _kit.AgencyAsync();
        await _kit.PostAsync(agency.Admin, $"/api/agencies/{agency.Id}/invitations", new { email = NewEmail("audited"), role = "member" });
        var scope = Uri.EscapeDataString($"agency:{agency.Id}");

        var page = await JsonAsync(await _kit.GetAsync(agency.Admin, $"/api/audit/{scope}"));
        var unescaped = await _kit.GetAsync(agency.Admin, $"/api/audit/agency:{agency.Id}/verify");

        Assert.Contains(page.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "invitation-issued");
        Assert.Equal(HttpStatusCode.OK, unescaped.StatusCode);
        Assert.True((await JsonAsync(unescaped)).GetProperty("valid").GetBoolean());
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(agency.Admin, "/api/audit/hub")));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(agency.Admin, "/api/audit/hub/verify")));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(other.Admin, $"/api/audit/{scope}")));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(agency.Member, $"/api/audit/{scope}")));
        Assert.Equal((403, "forbidden"), await ProblemAsync(await _kit.GetAsync(agency.Member, $"/api/audit/{scope}/verify")));
    }

    [Theory]
    [InlineData("/api/audit/hub?limit=0")]
    [InlineData("/api/audit/hub?limit=201")]
    [InlineData("/api/audit/hub?afterSeq=-1")]
    [InlineData("/api/audit/hub?afterSeq=abc")]
    [InlineData("/api/audit/nonsense")]
    [InlineData("/api/audit/agency%3ABad%20Id")]
    public async Task Bad_audit_requests_are_400_invalid_argument(string path)
    {
        var hubAdmin = await _kit.HubAdminAsync();

        Assert.Equal((400, "invalid_argument"), await ProblemAsync(await _kit.GetAsync(hubAdmin, path)));
    }
}
