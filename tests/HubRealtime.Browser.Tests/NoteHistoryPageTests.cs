using System.Globalization;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.WorkingGroups;
using HubRealtime.Testing.Server;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

/// <summary>The note's history in the room page: an older version shown, restored, and the note exported.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NoteHistoryPageTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    private static ILocator Editor(ChatPage page) => page.Page.Locator("#note-panel #note-editor");

    private static ILocator Status(ChatPage page) => page.Page.Locator("#note-status");

    private static async Task OpenNoteAsync(ChatPage page, string roomId)
    {
        await page.JoinAsync(roomId);
        await Expect(Editor(page)).ToHaveAttributeAsync("contenteditable", "true", new() { Timeout = Timeout });
    }

    private static async Task TypeAtEndAsync(ChatPage page, string text)
    {
        await Editor(page).ClickAsync();
        await page.Page.Keyboard.PressAsync("Control+End");
        await page.Page.Keyboard.TypeAsync(text, new() { Delay = 15 });
    }

    private static Task SavedAsync(ChatPage page) =>
        Expect(Status(page)).ToHaveAttributeAsync("data-state", "saved", new() { Timeout = Timeout });

    /// <summary>The revision the page has applied (all of it saved).</summary>
    private static async Task<int> SavedRevAsync(ChatPage page)
    {
        await SavedAsync(page);
        return int.Parse(await Status(page).GetAttributeAsync("data-rev") ?? "0", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task An_older_version_is_shown_and_restored_and_the_editor_shows_it()
    {
        var roomId = await Fixture.CreateRoomAsync("Notes history");
        var ann = await OpenUserAsync("Ann History");
        await OpenNoteAsync(ann, roomId);
        await TypeAtEndAsync(ann, "Kept text.");
        var keptRev = await SavedRevAsync(ann);
        await TypeAtEndAsync(ann, " Later text.");
        var lastRev = await SavedRevAsync(ann);
        Assert.True(lastRev > keptRev);

        // Who wrote it: all of it selected, the line names Ann.
        await Editor(ann).ClickAsync();
        await ann.Page.Keyboard.PressAsync("Control+A");
        await Expect(ann.Page.Locator("#note-selection-authors")).ToHaveTextAsync("Written by Ann History", new() { Timeout = Timeout });

        await ann.Page.Locator("#note-history-button").ClickAsync();
        var sessions = ann.Page.Locator("#note-history .note-session");
        await Expect(sessions.First).ToBeVisibleAsync(new() { Timeout = Timeout });
        // Sessions are newest first; the newest ends at the last revision and names its editor.
        await Expect(sessions.First).ToHaveAttributeAsync("data-to-rev", lastRev.ToString(CultureInfo.InvariantCulture));
        await Expect(sessions.First).ToContainTextAsync("Ann History");

        // The session holding the kept revision (one session when typed within ten minutes, as here usually).
        ILocator? holding = null;
        for (var i = 0; i < await sessions.CountAsync(); i++)
        {
            var from = int.Parse(await sessions.Nth(i).GetAttributeAsync("data-from-rev") ?? "0", CultureInfo.InvariantCulture);
            var to = int.Parse(await sessions.Nth(i).GetAttributeAsync("data-to-rev") ?? "0", CultureInfo.InvariantCulture);
            if (from <= keptRev && keptRev <= to) holding = sessions.Nth(i);
        }

        Assert.NotNull(holding);
        await holding.ClickAsync();
        var version = ann.Page.Locator("#note-version");
        await Expect(version).ToBeVisibleAsync(new() { Timeout = Timeout });
        await ann.Page.Locator("#note-version-rev").FillAsync(keptRev.ToString(CultureInfo.InvariantCulture));
        await Expect(version).ToHaveAttributeAsync("data-rev", keptRev.ToString(CultureInfo.InvariantCulture), new() { Timeout = Timeout });
        await Expect(version.Locator(".ql-editor")).ToHaveTextAsync("Kept text.", new() { Timeout = Timeout });
        await Expect(version.Locator(".ql-editor")).ToHaveAttributeAsync("contenteditable", "false");

        // Restore asks first; then the live editor shows the restored text, saved as a new revision.
        await ann.Page.Locator("#note-restore").ClickAsync();
        await ann.Page.Locator("#note-restore-confirm").ClickAsync();
        await Expect(Editor(ann)).ToHaveTextAsync("Kept text.", new() { Timeout = Timeout });
        await Expect(Status(ann)).ToHaveAttributeAsync("data-state", "saved", new() { Timeout = Timeout });

        AssertNoPageProblems();
    }

    [Fact]
    public async Task The_export_links_download_the_note_in_each_format()
    {
        var roomId = await Fixture.CreateRoomAsync("Notes export");
        var ann = await OpenUserAsync("Ann Export");
        await OpenNoteAsync(ann, roomId);
        await TypeAtEndAsync(ann, "Exported text.");
        await SavedAsync(ann);

        // The links are plain GETs: the session cookie of the page's context authenticates them.
        foreach (var format in new[] { "markdown", "html", "text" })
        {
            var href = await ann.Page.Locator($"#note-export-{format}").GetAttributeAsync("href");
            Assert.NotNull(href);
            Assert.NotNull(await ann.Page.Locator($"#note-export-{format}").GetAttributeAsync("download"));
            var response = await ann.Page.Context.APIRequest.GetAsync(href);
            Assert.Equal(200, response.Status);
            Assert.Contains("Exported text.", await response.TextAsync(), StringComparison.Ordinal);
        }

        AssertNoPageProblems();
    }

    [Fact]
    public async Task A_working_group_owner_creates_a_named_note_and_locks_the_main_one()
    {
        var owner = await Fixture.Server.RegisterAsync("owner", "Nora Owner", BrowserFixture.AgencyId, mfa: true);
        var member = await Fixture.NewUserAsync("Max Member");
        var group = Fixture.Server.Grains().GetGrain<IWorkingGroupGrain>("g-" + Guid.NewGuid().ToString("N")[..12]);
        var info = await group.Create(owner.Caller, "Notes team");
        await group.AddMember(owner.Caller, member.Email, GroupRole.Participant);
        var ownerPage = await SignInAsync(owner);
        await OpenNoteAsync(ownerPage, info.RoomId);

        // A named note: its doc a slug of the title, the editor switched to it.
        var picker = ownerPage.Page.Locator("#note-picker");
        await Expect(picker.Locator("option")).ToHaveTextAsync(["Shared notes"], new() { Timeout = Timeout });
        await ownerPage.Page.Locator("#note-new").ClickAsync();
        await ownerPage.Page.Locator("#note-new-title").FillAsync("Action items");
        await ownerPage.Page.Locator("#note-new-create").ClickAsync();
        await Expect(picker).ToHaveValueAsync("action-items", new() { Timeout = Timeout });
        await Expect(Editor(ownerPage)).ToHaveAttributeAsync("contenteditable", "true", new() { Timeout = Timeout });
        await TypeAtEndAsync(ownerPage, "Do it.");
        await SavedAsync(ownerPage);
        await picker.SelectOptionAsync("main");
        await Expect(Editor(ownerPage)).ToHaveAttributeAsync("contenteditable", "true", new() { Timeout = Timeout });

        // The member sees both notes; the owner locks the main one and the member's editor becomes read-only.
        var memberPage = await SignInAsync(member);
        await OpenNoteAsync(memberPage, info.RoomId);
        await Expect(memberPage.Page.Locator("#note-lock")).ToHaveCountAsync(0);
        var lockButton = ownerPage.Page.Locator("#note-lock");
        await Expect(lockButton).ToHaveAttributeAsync("aria-pressed", "false", new() { Timeout = Timeout });
        await lockButton.ClickAsync();
        await Expect(lockButton).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = Timeout });
        await Expect(Editor(memberPage)).ToHaveAttributeAsync("contenteditable", "false", new() { Timeout = Timeout });
        await Expect(memberPage.Page.Locator("#note-readonly-reason")).ToBeVisibleAsync();
        await lockButton.ClickAsync();
        await Expect(Editor(memberPage)).ToHaveAttributeAsync("contenteditable", "true", new() { Timeout = Timeout });

        await memberPage.Page.Locator("#note-picker").SelectOptionAsync("action-items");
        await Expect(Editor(memberPage)).ToContainTextAsync("Do it.", new() { Timeout = Timeout });
        AssertNoPageProblems();
    }
}
