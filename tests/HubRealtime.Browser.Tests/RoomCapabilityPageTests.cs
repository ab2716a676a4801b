using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Abstractions.WorkingGroups;
using HubRealtime.Testing.Server;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

/// <summary>
/// Issue 8 §4 and §1.6: the page shows controls from the capabilities the server sent at the join, and
/// leaves a room whose access was revoked, saying why.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RoomCapabilityPageTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    private async Task<(string RoomId, IWorkingGroupGrain Group, TestUser Owner, TestUser Member)> GroupAsync()
    {
        var owner = await Fixture.Server.RegisterAsync("owner", "Olga Owner", BrowserFixture.AgencyId, mfa: true);
        var member = await Fixture.NewUserAsync("Mia Member");
        var group = Fixture.Server.Grains().GetGrain<IWorkingGroupGrain>("g-" + Guid.NewGuid().ToString("N")[..12]);
        var info = await group.Create(owner.Caller, "Case team");
        await group.AddMember(owner.Caller, member.Email, GroupRole.Participant);
        return (info.RoomId, group, owner, member);
    }

    [Fact]
    public async Task A_working_group_owner_gets_moderation_buttons_and_a_member_does_not()
    {
        var (roomId, _, owner, member) = await GroupAsync();
        var ownerPage = await SignInAsync(owner);
        var memberPage = await SignInAsync(member);
        await ownerPage.JoinAsync(roomId);
        await memberPage.JoinAsync(roomId);

        await memberPage.SendAsync("a member's words");
        await ownerPage.SendAsync("the owner's words");

        var memberMessageForOwner = ownerPage.MessageWith("a member's words");
        await Expect(memberMessageForOwner.Locator("[data-tool=delete]")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(ownerPage.Page.Locator("#presence-list button")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        var ownerMessageForMember = memberPage.MessageWith("the owner's words");
        await Expect(ownerMessageForMember).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(ownerMessageForMember.Locator("[data-tool=delete]")).ToHaveCountAsync(0);
        await Expect(memberPage.Page.Locator("#presence-list button")).ToHaveCountAsync(0);
        // The moderator's delete works: the grain agrees with the button.
        await memberMessageForOwner.Locator("[data-tool=delete]").ClickAsync();
        await memberMessageForOwner.Locator("[data-tool=confirm-delete]").ClickAsync();
        await Expect(memberPage.MessageWith("a member's words")).ToHaveCountAsync(0, new() { Timeout = Timeout });
    }

    [Fact]
    public async Task A_working_groups_panel_lists_its_members_with_those_here_first()
    {
        var (roomId, group, owner, member) = await GroupAsync();
        var absent = await Fixture.NewUserAsync("Abe Absent");
        await group.AddMember(owner.Caller, absent.Email, GroupRole.Participant);
        var memberPage = await SignInAsync(member);
        await memberPage.JoinAsync(roomId);

        // Mia is here; Olga and Abe are members who are not, listed after her, by name.
        var names = memberPage.Page.Locator("#presence-list > li .presence-name");
        await Expect(names).ToHaveTextAsync(["Mia Member (you)", "Abe Absent", "Olga Owner"], new() { Timeout = Timeout });
        await Expect(memberPage.Page.Locator("#presence-list > li.presence-offline")).ToHaveCountAsync(2);
        await Expect(memberPage.Page.Locator("#presence-count")).ToHaveTextAsync("(1 of 3 online)");

        // Olga arrives: she moves up among those here.
        var ownerPage = await SignInAsync(owner);
        await ownerPage.JoinAsync(roomId);
        await Expect(memberPage.Page.Locator("#presence-list > li:not(.presence-offline) .presence-name"))
            .ToHaveTextAsync(["Mia Member (you)", "Olga Owner"], new() { Timeout = Timeout });
        await Expect(memberPage.Page.Locator("#presence-count")).ToHaveTextAsync("(2 of 3 online)");
        memberPage.AssertNoPageProblems();
    }

    [Fact]
    public async Task A_closed_room_offers_no_composer_edit_or_delete()
    {
        var roomId = await Fixture.CreateRoomAsync("Soon closed");
        var user = await Fixture.NewUserAsync("Cora Closed");
        await Fixture.Server.Grains().GetGrain<IRoomGrain>(roomId).Send(user.Caller, new SendMessageRequest(Guid.NewGuid().ToString("N"), "before closing"));
        await Fixture.Server.Grains().GetGrain<IRoomGrain>(roomId).SetClosed(Caller.System, true);
        var page = await SignInAsync(user);

        await page.JoinAsync(roomId);

        var mine = page.MessageWith("before closing");
        await Expect(mine).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(page.Page.Locator("#room-readonly")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#composer")).ToBeHiddenAsync();
        await Expect(mine.Locator("[data-tool=edit]")).ToHaveCountAsync(0);
        await Expect(mine.Locator("[data-tool=delete]")).ToHaveCountAsync(0);
        await Expect(mine.Locator("[data-tool=react]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Removed_from_the_group_the_page_leaves_the_room_and_says_why()
    {
        var (roomId, group, owner, member) = await GroupAsync();
        var page = await SignInAsync(member);
        await page.JoinAsync(roomId);

        await group.RemoveMember(owner.Caller, member.Email);

        await Expect(page.Page.Locator("#room-view")).ToBeHiddenAsync(new() { Timeout = Timeout });
        await Expect(page.JoinError).ToHaveTextAsync(ChatPage.Resource("en", "room.accessRevoked"), new() { Timeout = Timeout });
    }
}
