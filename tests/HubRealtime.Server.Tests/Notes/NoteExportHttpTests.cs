using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.WorkingGroups;
using HubRealtime.Client;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests.Notes;

/// <summary>GET /api/rooms/{roomId}/notes/{doc}/export on the real server: a note written through the hub, downloaded as files.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class NoteExportHttpTests(EmbeddedServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private HubRealtimeServer Server => fixture.Server;

    [Fact]
    public async Task A_formatted_note_downloads_in_every_format_with_its_headers_and_every_export_is_audited()
    {
        var world = await GroupRoomAsync();
        await WriteAsync(world.RoomId, world.Owner);
        using var http = Server.Client(await Server.TokenAsync(world.Owner));
        var path = $"/api/rooms/{world.RoomId}/notes/main/export";

        using var markdown = await http.GetAsync(path + "?format=markdown");
        using var html = await http.GetAsync(path + "?format=html");
        using var text = await http.GetAsync(path + "?format=text&rev=1");
        using var first = await http.GetAsync(path + "?format=markdown&rev=0");

        Assert.Equal(HttpStatusCode.OK, markdown.StatusCode);
        Assert.Equal("text/markdown; charset=utf-8", markdown.Content.Headers.ContentType!.ToString());
        Assert.Equal($"attachment; filename=\"{world.RoomId}-main-r1.md\"", Disposition(markdown));
        Assert.Equal("# Minutes\n\nDecided **budget** at [the site](https://example.org/plan)\n\n- first\n- second\n\nنعم 👍\n", await markdown.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html; charset=utf-8", html.Content.Headers.ContentType!.ToString());
        Assert.Equal($"attachment; filename=\"{world.RoomId}-main-r1.html\"", Disposition(html));
        var page = await html.Content.ReadAsStringAsync();
        Assert.StartsWith("<!doctype html>\n<html lang=\"und\">\n<meta charset=\"utf-8\">\n<title>Minutes</title>\n<body>\n", page, StringComparison.Ordinal);
        Assert.Contains(
            "<h1>Minutes</h1>\n<p>Decided <strong>budget</strong> at <a href=\"https://example.org/plan\" rel=\"noopener noreferrer\">the site</a></p>\n"
            + "<ul>\n<li>first</li>\n<li>second</li>\n</ul>\n<p dir=\"rtl\">نعم 👍</p>\n",
            page, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Owner.Email, page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", text.Content.Headers.ContentType!.ToString());
        Assert.Equal($"attachment; filename=\"{world.RoomId}-main-r1.txt\"", Disposition(text));
        Assert.Equal("Minutes\nDecided budget at the site\nfirst\nsecond\nنعم 👍\n", await text.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal($"attachment; filename=\"{world.RoomId}-main-r0.md\"", Disposition(first));
        Assert.Equal("", await first.Content.ReadAsStringAsync());

        var exports = await ExportsAsync(world);
        var noteId = NoteId.Of(world.RoomId, NoteId.Main);
        Assert.Equal(
            ["revision 1 as markdown", "revision 1 as html", "revision 1 as text", "revision 0 as markdown"],
            exports.Where(e => e.Actor == world.Owner.Email && e.Target == noteId).Select(e => e.Details));
    }

    [Fact]
    public async Task An_outsider_of_a_restricted_room_gets_403_and_nothing_is_audited_for_them()
    {
        var world = await GroupRoomAsync();
        await WriteAsync(world.RoomId, world.Owner);
        using var outsider = Server.Client(await Server.TokenAsync(world.Outsider));

        using var refused = await outsider.GetAsync($"/api/rooms/{world.RoomId}/notes/main/export?format=html");

        Assert.Equal((403, "forbidden"), await ProblemAsync(refused));
        Assert.DoesNotContain(await ExportsAsync(world), e => e.Actor == world.Outsider.Email);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?format=pdf")]
    [InlineData("?format=Markdown")]
    [InlineData("?format=markdown&rev=-1")]
    [InlineData("?format=markdown&rev=abc")]
    [InlineData("?format=markdown&rev=99")]
    public async Task A_bad_format_or_revision_is_400_invalid_argument(string query)
    {
        var roomId = await Rooms.CreateAsync(Server);
        var member = await Server.RegisterAsync("reader");
        using var http = Server.Client(await Server.TokenAsync(member));

        using var response = await http.GetAsync($"/api/rooms/{roomId}/notes/main/export{query}");

        Assert.Equal((400, "invalid_argument"), await ProblemAsync(response));
    }

    [Fact]
    public async Task A_bad_note_name_is_400_and_a_missing_room_or_note_404()
    {
        var member = await Server.RegisterAsync("reader");
        using var http = Server.Client(await Server.TokenAsync(member));
        var roomId = await Rooms.CreateAsync(Server);

        using var badName = await http.GetAsync($"/api/rooms/{roomId}/notes/Bad_Name/export?format=text");
        using var missingRoom = await http.GetAsync($"/api/rooms/{Rooms.NewId()}/notes/main/export?format=text");
        using var missingNote = await http.GetAsync($"/api/rooms/{roomId}/notes/agenda/export?format=text");

        Assert.Equal((400, "invalid_argument"), await ProblemAsync(badName));
        Assert.Equal((404, "room_not_found"), await ProblemAsync(missingRoom));
        Assert.Equal((404, "note_not_found"), await ProblemAsync(missingNote));
    }

    /// <summary>A working group (so its room is restricted) owned by an agency member; another member of the agency is outside it.</summary>
    private async Task<World> GroupRoomAsync()
    {
        var hubAdmin = await Server.RegisterAsync("hubadmin", "Hub Admin", hubAdmin: true);
        var agencyId = "ag-" + Guid.NewGuid().ToString("N")[..12];
        await Server.Grains().GetGrain<IAgencyGrain>(agencyId).Create(hubAdmin.Caller, new NewAgency("Agency " + agencyId, "NL", AgencyKind.Police));
        var owner = await MemberAsync(agencyId, "owner");
        var outsider = await MemberAsync(agencyId, "outsider");
        var groupId = "wg-" + Guid.NewGuid().ToString("N")[..12];
        await Server.Grains().GetGrain<IWorkingGroupGrain>(groupId).Create(owner.Caller, "Export group");
        return new World(groupId, RoomId.WorkingGroupPrefix + groupId, hubAdmin, owner, outsider);
    }

    private async Task<TestUser> MemberAsync(string agencyId, string prefix)
    {
        var user = await Server.RegisterAsync(prefix, prefix, agencyId, AgencyRole.Member, mfa: true);
        await Server.Grains().GetGrain<IAgencyGrain>(agencyId).AddMember(Caller.System, new AgencyMember(user.Email, user.DisplayName, AgencyRole.Member, true));
        return user;
    }

    /// <summary>Writes the formatted note through the hub, as an editor does, and waits until it is stored (revision 1).</summary>
    private async Task WriteAsync(string roomId, TestUser author)
    {
        await using var client = await RecordingClient.ConnectAsync(Server, author);
        await client.Hub.JoinRoomAsync(roomId);
        using var editor = await NoteEditor.OpenAsync(client.Hub, roomId, author.Email);
        var bold = AttributeMap.Of(("bold", "true"));
        var bullet = AttributeMap.Of(("list", "\"bullet\""));
        await editor.EditAsync(new DeltaBuilder()
            .Insert("Minutes").Insert("\n", AttributeMap.Of(("header", "1")))
            .Insert("Decided ").Insert("budget", bold).Insert(" at ").Insert("the site", AttributeMap.Of(("link", "\"https://example.org/plan\""))).Insert("\n")
            .Insert("first").Insert("\n", bullet).Insert("second").Insert("\n", bullet)
            .Insert("نعم 👍").Insert("\n", AttributeMap.Of(("direction", "\"rtl\"")))
            .Build());
        await editor.WaitUntilAsync(e => e.Saved && e.Rev == 1, Timeout);
    }

    /// <summary>The export entries of the group's audit chain, read over the API as a hub admin.</summary>
    private async Task<List<(string Actor, string Target, string Details)>> ExportsAsync(World world)
    {
        using var http = Server.Client(await Server.TokenAsync(world.HubAdmin));
        var page = await http.GetFromJsonAsync<JsonElement>($"/api/audit/{Uri.EscapeDataString("group:" + world.GroupId)}?limit=200");
        return [.. page.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "exported")
            .Select(e => (e.GetProperty("actor").GetString()!, e.GetProperty("target").GetString()!, e.GetProperty("details").GetString()!))];
    }

    private static string Disposition(HttpResponseMessage response) => string.Join(",", response.Content.Headers.GetValues("Content-Disposition"));

    private static async Task<(int Status, string? Code)> ProblemAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, json.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null);
    }

    private sealed record World(string GroupId, string RoomId, TestUser HubAdmin, TestUser Owner, TestUser Outsider);
}
