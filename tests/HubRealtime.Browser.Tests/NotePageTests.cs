using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

/// <summary>Shared notes in the room page: two real editors at once, cursors, and an editor that was offline.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NotePageTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    private static ILocator Editor(ChatPage page) => page.Page.Locator("#note-panel .ql-editor");

    private static ILocator Status(ChatPage page) => page.Page.Locator("#note-status");

    private static async Task OpenNoteAsync(ChatPage page, string roomId)
    {
        await page.JoinAsync(roomId);
        await Expect(Editor(page)).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(Editor(page)).ToHaveAttributeAsync("contenteditable", "true", new() { Timeout = Timeout });
    }

    /// <summary>Types at the end of the note, as a person does (key by key).</summary>
    private static Task TypeAtEndAsync(ChatPage page, string text) => TypeAtAsync(page, "Control+End", text);

    private static async Task TypeAtAsync(ChatPage page, string where, string text)
    {
        await Editor(page).ClickAsync();
        await page.Page.Keyboard.PressAsync(where);
        await page.Page.Keyboard.TypeAsync(text, new() { Delay = 15 });
    }

    private static Task SavedAsync(ChatPage page) =>
        Expect(Status(page)).ToHaveAttributeAsync("data-state", "saved", new() { Timeout = Timeout });

    [Fact]
    public async Task Two_editors_typing_at_once_end_with_the_same_note_and_see_each_others_cursor()
    {
        var roomId = await Fixture.CreateRoomAsync("Notes together");
        var ann = await OpenUserAsync("Ann Notes");
        var bo = await OpenUserAsync("Bo Notes");
        await OpenNoteAsync(ann, roomId);
        await OpenNoteAsync(bo, roomId);
        await TypeAtEndAsync(ann, "Agenda");
        await SavedAsync(ann);
        await Expect(Editor(bo)).ToContainTextAsync("Agenda", new() { Timeout = Timeout });

        // At once, in two places of the note (at one and the same place OT interleaves keystrokes, as in any such editor).
        await Task.WhenAll(
            TypeAtAsync(ann, "Control+Home", "Ann writes the agenda. "),
            TypeAtEndAsync(bo, " and a question?"));
        await SavedAsync(ann);
        await SavedAsync(bo);

        await Expect(Editor(ann)).ToContainTextAsync("Ann writes the agenda.", new() { Timeout = Timeout });
        await Expect(Editor(ann)).ToContainTextAsync("Agenda and a question?", new() { Timeout = Timeout });
        var annText = await Editor(ann).InnerTextAsync();
        await Expect(Editor(bo)).ToHaveTextAsync(annText.TrimEnd('\n'), new() { Timeout = Timeout });
        // Each sees the other's caret, with the other's name, and not their own.
        await Expect(ann.Page.Locator("#note-panel .ql-cursor-name")).ToHaveTextAsync("Bo Notes", new() { Timeout = Timeout });
        await Expect(bo.Page.Locator("#note-panel .ql-cursor-name")).ToHaveTextAsync("Ann Notes", new() { Timeout = Timeout });
        await ann.Page.Locator("#note-authorship").ClickAsync();
        await Expect(ann.Page.Locator("#note-authorship")).ToHaveAttributeAsync("aria-pressed", "true");
        await ann.ScreenshotAsync("room-notes");
        AssertNoPageProblems();
    }

    [Fact]
    public async Task An_editor_offline_for_a_while_keeps_its_edits_and_catches_up()
    {
        var roomId = await Fixture.CreateRoomAsync("Notes offline");
        var ann = await OpenUserAsync("Ann Online");
        var user = await Fixture.NewUserAsync("Bo Offline");
        var context = await NewContextAsync();
        HubTap? tap = null;
        await HubTap.InstallAsync(context, () => tap);
        var bo = Track(await ChatPage.SignInAsync(context, user.Email, user.Password));
        tap = HubTap.For(bo.Page);
        await OpenNoteAsync(ann, roomId);
        await OpenNoteAsync(bo, roomId);
        await TypeAtEndAsync(ann, "Shared start. ");
        await SavedAsync(ann);
        await Expect(Editor(bo)).ToContainTextAsync("Shared start.", new() { Timeout = Timeout });

        // Bo's network goes: the page says so and keeps what Bo types; Ann goes on meanwhile.
        tap.RefuseConnections = true;
        await tap.CutAsync();
        await Expect(Status(bo)).ToHaveAttributeAsync("data-state", "offline", new() { Timeout = Timeout });
        await TypeAtEndAsync(bo, "Written offline.");
        await TypeAtEndAsync(ann, "Written online. ");
        await SavedAsync(ann);
        await Expect(Status(bo)).ToHaveAttributeAsync("data-state", "offline");

        tap.RefuseConnections = false;
        await SavedAsync(bo);
        await Expect(Editor(ann)).ToContainTextAsync("Written offline.", new() { Timeout = Timeout });
        await Expect(Editor(bo)).ToContainTextAsync("Written online.", new() { Timeout = Timeout });
        var annText = await Editor(ann).InnerTextAsync();
        await Expect(Editor(bo)).ToHaveTextAsync(annText.TrimEnd('\n'), new() { Timeout = Timeout });
    }

    [Fact]
    public async Task An_Arabic_paragraph_runs_right_to_left_for_every_editor_beside_a_Latin_one()
    {
        var roomId = await Fixture.CreateRoomAsync("Notes RTL");
        var user = await Fixture.NewUserAsync("Layla Notes");
        var layla = Track(await ChatPage.SignInAsync(await NewContextAsync("ar"), user));
        var ann = await OpenUserAsync("Ann Latin");
        await OpenNoteAsync(layla, roomId);
        await OpenNoteAsync(ann, roomId);

        await TypeAtEndAsync(ann, "Agenda item one");
        await SavedAsync(ann);
        await Expect(Editor(layla)).ToContainTextAsync("Agenda item one", new() { Timeout = Timeout });
        await Editor(layla).ClickAsync();
        await layla.Page.Keyboard.PressAsync("Control+End");
        await layla.Page.Keyboard.PressAsync("Enter");
        await layla.Page.Keyboard.TypeAsync("\u0627\u0644\u0628\u0646\u062f \u0627\u0644\u062b\u0627\u0646\u064a", new() { Delay = 15 });
        await layla.Page.Locator("#note-panel .ql-direction").First.ClickAsync();
        await SavedAsync(layla);

        // The Arabic paragraph is right to left on both screens; the Latin one stays left to right.
        var rtl = "#note-panel .ql-editor p.ql-direction-rtl";
        await Expect(ann.Page.Locator(rtl)).ToHaveTextAsync("\u0627\u0644\u0628\u0646\u062f \u0627\u0644\u062b\u0627\u0646\u064a", new() { Timeout = Timeout });
        await Expect(layla.Page.Locator(rtl)).ToHaveCountAsync(1);
        await Expect(ann.Page.Locator("#note-panel .ql-editor p").First).ToHaveTextAsync("Agenda item one");
        await Expect(ann.Page.Locator("#note-panel .ql-editor p").First).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("ql-direction-rtl"));
        AssertNoPageProblems();
    }
}
