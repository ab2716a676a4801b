using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

/// <summary>Edits, deletes, replies, reactions, presence and the typing indicator, as two people see them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChatEventsPageTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    private static string Text(string key) => ChatPage.Resource("en", key);

    [Fact]
    public async Task Edits_deletes_replies_reactions_presence_and_typing_reach_everyone_in_the_room()
    {
        var roomId = await Fixture.CreateRoomAsync("Chat events test");
        var alice = await OpenUserAsync("Alice");
        var bob = await OpenUserAsync("Bob");
        await alice.JoinAsync(roomId);
        await bob.JoinAsync(roomId);

        // Presence: both see both; the typing indicator names who types.
        await Expect(alice.Presence).ToHaveCountAsync(2, new() { Timeout = Timeout });
        await Expect(bob.Presence).ToHaveCountAsync(2, new() { Timeout = Timeout });
        await bob.Composer.PressSequentiallyAsync("thinking");
        await Expect(alice.Typing).ToHaveTextAsync(Text("typing.one").Replace("{name}", "Bob", StringComparison.Ordinal), new() { Timeout = Timeout });
        await bob.Composer.FillAsync("");

        await alice.SendAsync("hello everyone");
        await alice.AllSentAsync();
        var aliceMessage = alice.MessageWith("hello everyone");
        var aliceMessageForBob = bob.MessageWith("hello everyone");
        await Expect(aliceMessageForBob).ToHaveCountAsync(1, new() { Timeout = Timeout });

        // A reply quotes its target.
        await aliceMessageForBob.Locator("[data-tool=reply]").ClickAsync();
        await Expect(bob.Page.Locator("#reply-bar")).ToBeVisibleAsync();
        await bob.SendAsync("hi Alice");
        await bob.AllSentAsync();
        await Expect(alice.MessageWith("hi Alice").Locator(".message-quote")).ToContainTextAsync("hello everyone", new() { Timeout = Timeout });
        await Expect(bob.Page.Locator("#reply-bar")).ToBeHiddenAsync();

        // Edit own message, with the keyboard: Enter on the button, type, Enter saves.
        await aliceMessage.Locator("[data-tool=edit]").FocusAsync();
        await alice.Page.Keyboard.PressAsync("Enter");
        var editor = aliceMessage.Locator(".message-edit-text");
        await Expect(editor).ToBeFocusedAsync();
        await editor.FillAsync("hello everyone, edited");
        await editor.PressAsync("Enter");
        var editedForBob = bob.MessageWith("hello everyone, edited");
        await Expect(editedForBob.Locator(".message-edited")).ToHaveTextAsync(Text("message.edited"), new() { Timeout = Timeout });
        // Bob cannot edit or delete Alice's message.
        await Expect(editedForBob.Locator("[data-tool=edit]")).ToHaveCountAsync(0);
        await Expect(editedForBob.Locator("[data-tool=delete]")).ToHaveCountAsync(0);

        // Reactions: counts toggle by click, and both sides agree.
        await editedForBob.Locator("[data-tool=react]").ClickAsync();
        await editedForBob.Locator("[data-tool='pick:👍']").ClickAsync();
        var chipForAlice = alice.MessageWith("hello everyone, edited").Locator(".reaction[data-emoji='👍']");
        await Expect(chipForAlice.Locator(".reaction-count")).ToHaveTextAsync("1", new() { Timeout = Timeout });
        await Expect(chipForAlice).ToHaveAttributeAsync("aria-pressed", "false");
        await chipForAlice.ClickAsync();
        await Expect(chipForAlice.Locator(".reaction-count")).ToHaveTextAsync("2", new() { Timeout = Timeout });
        await Expect(chipForAlice).ToHaveAttributeAsync("aria-pressed", "true");
        var chipForBob = editedForBob.Locator(".reaction[data-emoji='👍']");
        await Expect(chipForBob.Locator(".reaction-count")).ToHaveTextAsync("2", new() { Timeout = Timeout });
        await chipForBob.ClickAsync();
        await Expect(chipForAlice.Locator(".reaction-count")).ToHaveTextAsync("1", new() { Timeout = Timeout });
        await Expect(chipForAlice).ToHaveAttributeAsync("aria-pressed", "true");

        // Delete own message: the text is gone for everyone, a placeholder stays.
        var reply = bob.MessageWith("hi Alice");
        await reply.Locator("[data-tool=delete]").ClickAsync();
        await reply.Locator("[data-tool=confirm-delete]").ClickAsync();
        await Expect(alice.Page.Locator("#message-list .message-deleted-text")).ToHaveTextAsync(Text("message.deleted"), new() { Timeout = Timeout });
        await Expect(alice.MessageTexts).ToHaveTextAsync(["hello everyone, edited"], new() { Timeout = Timeout });

        // A late joiner gets the current state: edited text, the reaction, the deleted placeholder.
        var carol = await OpenUserAsync("Carol");
        await carol.JoinAsync(roomId);
        await Expect(carol.MessageTexts).ToHaveTextAsync(["hello everyone, edited"], new() { Timeout = Timeout });
        await Expect(carol.Page.Locator("#message-list .message-edited")).ToHaveCountAsync(1);
        await Expect(carol.Page.Locator("#message-list .reaction[data-emoji='👍'] .reaction-count")).ToHaveTextAsync("1");
        await Expect(carol.Page.Locator("#message-list .message-deleted-text")).ToHaveCountAsync(1);
        await Expect(alice.Presence).ToHaveCountAsync(3, new() { Timeout = Timeout });

        // Leaving shows in the others' presence list (after the reconnect grace period).
        await bob.Page.Locator("#leave-button").ClickAsync();
        await Expect(alice.Presence).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await alice.ScreenshotAsync("chat-events");
        AssertNoPageProblems();
    }
}
