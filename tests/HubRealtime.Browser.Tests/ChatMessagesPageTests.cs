using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

/// <summary>
/// What reading and writing chat is like: safe links, @mentions with suggestions, a mention that notifies
/// and badges the title, messages of one sender grouped, tools where the pointer is, the unread divider.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ChatMessagesPageTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    /// <summary>
    /// Headless Chromium shows no notifications and its pages are never hidden, so the page gets a recording
    /// Notification (permission granted) and a visibility the test switches: the app's own code does the rest.
    /// </summary>
    private const string AwayHarness = """
        (() => {
          window.__notes = [];
          window.__hidden = false;
          class RecordingNotification {
            constructor(title, options) { window.__notes.push({ title, body: options && options.body }); }
            close() {}
            static get permission() { return "granted"; }
            static requestPermission() { return Promise.resolve("granted"); }
          }
          window.Notification = RecordingNotification;
          Object.defineProperty(document, "visibilityState", { get: () => (window.__hidden ? "hidden" : "visible") });
          Object.defineProperty(document, "hidden", { get: () => window.__hidden });
          window.__setHidden = (hidden) => { window.__hidden = hidden; document.dispatchEvent(new Event("visibilitychange")); };
        })();
        """;

    private async Task<ChatPage> OpenUserAsync(string displayName, bool harness = false)
    {
        var user = await Fixture.NewUserAsync(displayName);
        var context = await NewContextAsync();
        if (harness) await context.AddInitScriptAsync(AwayHarness);
        return await ChatPage.SignInAsync(context, user.Email, user.Password);
    }

    [Fact]
    public async Task Links_open_safely_and_only_for_web_and_mail_addresses()
    {
        var roomId = await Fixture.CreateRoomAsync("Links test");
        var alice = await OpenUserAsync("Alice Links");
        var bob = await OpenUserAsync("Bob Links");
        await alice.JoinAsync(roomId);
        await bob.JoinAsync(roomId);

        const string text = "see https://example.org/a?b=1. or mailto:desk@example.org, not javascript:alert(1) nor data:text/html,x";
        await alice.SendAsync(text);
        var message = bob.MessageWith(text);
        await Expect(message).ToHaveCountAsync(1, new() { Timeout = Timeout });

        var links = message.Locator(".message-text a");
        await Expect(links).ToHaveCountAsync(2);
        await Expect(links.Nth(0)).ToHaveAttributeAsync("href", "https://example.org/a?b=1");
        await Expect(links.Nth(0)).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await Expect(links.Nth(0)).ToHaveAttributeAsync("target", "_blank");
        await Expect(links.Nth(1)).ToHaveAttributeAsync("href", "mailto:desk@example.org");
        bob.AssertNoPageProblems();
    }

    [Fact]
    public async Task A_mention_is_suggested_highlighted_notified_and_badges_the_title_until_read()
    {
        var roomId = await Fixture.CreateRoomAsync("Mentions test");
        var alice = await OpenUserAsync("Alice Mention");
        var bob = await OpenUserAsync("Bob Mention", harness: true);
        await bob.JoinAsync(roomId);
        await alice.JoinAsync(roomId);
        await Expect(alice.Presence).ToHaveCountAsync(2, new() { Timeout = Timeout });

        // Bob's tab goes to the background; Alice writes, then mentions him through the suggestions.
        await bob.Page.EvaluateAsync("window.__setHidden(true)");
        await alice.SendAsync("first, before the mention");
        await alice.Composer.FillAsync("");
        await alice.Composer.PressSequentiallyAsync("look here @bob m");
        var option = alice.Page.Locator("#mention-list [role=option]");
        await Expect(option).ToHaveTextAsync(["Bob Mention"], new() { Timeout = Timeout });
        await alice.Composer.PressAsync("Enter"); // picks the suggestion, does not send
        await Expect(alice.Composer).ToHaveValueAsync("look here @Bob Mention ");
        await Expect(alice.Page.Locator("#mention-list")).ToBeHiddenAsync();
        await alice.Composer.PressSequentiallyAsync("please");
        await alice.Composer.PressAsync("Enter");
        await alice.AllSentAsync();

        var mention = bob.MessageWith("look here @Bob Mention please");
        await Expect(mention).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(mention).ToHaveClassAsync(MentionsMe());
        await Expect(mention.Locator(".mention-me")).ToHaveTextAsync("@Bob Mention");
        // Alice sees the mention marked too, but not as one of hers.
        await Expect(alice.MessageWith("look here @Bob Mention please").Locator(".mention")).ToHaveTextAsync("@Bob Mention");
        await Expect(alice.MessageWith("look here @Bob Mention please")).Not.ToHaveClassAsync(MentionsMe());

        // The notification names who and where; the title carries the mention badge.
        var notes = await bob.Page.EvaluateAsync<string[]>("window.__notes.map(n => n.title + ' | ' + n.body)");
        Assert.Equal(["Alice Mention mentioned you in Mentions test | look here @Bob Mention please"], notes);
        await Expect(bob.Page).ToHaveTitleAsync(new Regex(@"^\(@1\) Mentions test"), new() { Timeout = Timeout });

        // The divider marks where the unread messages start.
        await Expect(bob.Page.Locator("#message-list > li.first-unread")).ToHaveCountAsync(1);
        await Expect(bob.MessageWith("first, before the mention")).ToHaveClassAsync(new Regex(@"\bfirst-unread\b"));

        // Back in the tab: the badge goes, the divider stays until Bob writes.
        await bob.Page.EvaluateAsync("window.__setHidden(false)");
        await Expect(bob.Page).ToHaveTitleAsync(new Regex(@"^Mentions test"), new() { Timeout = Timeout });
        await Expect(bob.Page.Locator("#message-list > li.first-unread")).ToHaveCountAsync(1);
        await bob.SendAsync("on it");
        await bob.AllSentAsync();
        await Expect(bob.Page.Locator("#message-list > li.first-unread")).ToHaveCountAsync(0);
        bob.AssertNoPageProblems();
        alice.AssertNoPageProblems();
    }

    [Fact]
    public async Task Messages_of_one_sender_group_and_tools_show_only_where_the_pointer_or_focus_is()
    {
        var roomId = await Fixture.CreateRoomAsync("Grouping test");
        var alice = await OpenUserAsync("Alice Group");
        var bob = await OpenUserAsync("Bob Group");
        await alice.JoinAsync(roomId);
        await bob.JoinAsync(roomId);

        await alice.SendAsync("one");
        await alice.AllSentAsync();
        await alice.SendAsync("two");
        await alice.AllSentAsync();
        await bob.SendAsync("three");
        await bob.AllSentAsync();

        await Expect(bob.MessageWith("three")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(bob.MessageWith("one")).Not.ToHaveClassAsync(Continued());
        await Expect(bob.MessageWith("two")).ToHaveClassAsync(Continued());
        await Expect(bob.MessageWith("three")).Not.ToHaveClassAsync(Continued());
        // The grouped message still names its sender for screen readers.
        await Expect(bob.MessageWith("two").Locator(".message-sender")).ToHaveTextAsync("Alice Group");

        var tools = bob.MessageWith("one").Locator(".message-tools");
        await bob.Page.Mouse.MoveAsync(1, 1);
        await bob.Composer.FocusAsync();
        Assert.Equal("0", await tools.EvaluateAsync<string>("e => getComputedStyle(e).opacity"));
        await bob.MessageWith("one").HoverAsync();
        await Expect(tools).ToHaveCSSAsync("opacity", "1");
        await bob.Page.Mouse.MoveAsync(1, 1);
        await bob.MessageWith("one").Locator("[data-tool=reply]").FocusAsync();
        await Expect(tools).ToHaveCSSAsync("opacity", "1");
        bob.AssertNoPageProblems();
    }

    [GeneratedRegex(@"\bmessage-mentions-me\b")]
    private static partial Regex MentionsMe();

    [GeneratedRegex(@"\bmessage-continued\b")]
    private static partial Regex Continued();
}
