using System.Globalization;
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
}
