using System.Text.RegularExpressions;
using HubRealtime.Abstractions.Realtime;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ChatPageTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    /// <summary>A new account, signed in through the sign-in page in a new browser context.</summary>
    private async Task<ChatPage> OpenUserAsync(string displayName, string locale = "en-US", bool strictCsp = false)
    {
        var user = await Fixture.NewUserAsync(displayName);
        var context = await NewContextAsync(locale, strictCsp);
        // The workspace connects as soon as the user is signed in: say before that whether WebSockets are expected.
        return Track(await ChatPage.SignInAsync(context, user.Email, user.Password, expectWebSockets: !strictCsp));
    }

    private async Task<(ChatPage Page, HubTap Tap)> OpenTappedUserAsync(string displayName)
    {
        var user = await Fixture.NewUserAsync(displayName);
        var context = await NewContextAsync();
        HubTap? tap = null;
        await HubTap.InstallAsync(context, () => tap);
        var page = Track(await ChatPage.SignInAsync(context, user.Email, user.Password));
        tap = HubTap.For(page.Page);
        return (page, tap);
    }

    [Fact]
    public async Task Two_users_see_each_others_messages_in_the_same_order()
    {
        var roomId = await Fixture.CreateRoomAsync("Order test");
        var alice = await OpenUserAsync("Alice");
        var bob = await OpenUserAsync("Bob");
        await alice.JoinAsync(roomId);
        await bob.JoinAsync(roomId);

        // Interleaved, without waiting for each other: the server decides one order for everyone.
        for (var i = 1; i <= 3; i++)
        {
            await alice.SendAsync($"alice {i}");
            await bob.SendAsync($"bob {i}");
        }
        await alice.AllSentAsync();
        await bob.AllSentAsync();

        await Expect(alice.MessageTexts).ToHaveCountAsync(6, new() { Timeout = Timeout });
        var aliceOrder = await alice.MessageTexts.AllTextContentsAsync();
        await Expect(bob.MessageTexts).ToHaveTextAsync(aliceOrder.ToArray(), new() { Timeout = Timeout });

        // Each sender's own messages keep the order they were sent in.
        Assert.Equal(["alice 1", "alice 2", "alice 3"], aliceOrder.Where(t => t.StartsWith("alice", StringComparison.Ordinal)));
        Assert.Equal(["bob 1", "bob 2", "bob 3"], aliceOrder.Where(t => t.StartsWith("bob", StringComparison.Ordinal)));

        // Same sequence numbers on both sides, dense and ascending, and the sender's name next to each.
        var aliceSeqs = await alice.Messages.EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.seq)");
        var bobSeqs = await bob.Messages.EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.seq)");
        Assert.Equal(aliceSeqs, bobSeqs);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), aliceSeqs);
        await Expect(bob.Page.Locator("#message-list .message-sender")).ToHaveTextAsync(
            aliceOrder.Select(t => t.StartsWith("alice", StringComparison.Ordinal) ? "Alice" : "Bob").ToArray(),
            new() { Timeout = Timeout });

        // A late joiner gets the same history in the same order.
        await alice.ScreenshotAsync("room-en");
        var carol = await OpenUserAsync("Carol");
        await carol.JoinAsync(roomId);
        await Expect(carol.MessageTexts).ToHaveTextAsync(aliceOrder.ToArray(), new() { Timeout = Timeout });
        AssertNoPageProblems();
    }

    [Fact]
    public async Task Message_text_is_shown_as_text_and_never_executed()
    {
        const string payload = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=1\">";
        var roomId = await Fixture.CreateRoomAsync("Escaping test");
        var sender = await OpenUserAsync("Mallory <b>bold</b>");
        var reader = await OpenUserAsync("Reader");
        await sender.JoinAsync(roomId);
        await reader.JoinAsync(roomId);

        await sender.SendAsync(payload);
        await sender.AllSentAsync();

        foreach (var page in new[] { sender, reader })
        {
            await Expect(page.MessageTexts).ToHaveTextAsync([payload], new() { Timeout = Timeout });
            Assert.Equal(payload, await page.MessageTexts.First.TextContentAsync());
            await Expect(page.Page.Locator("#message-list img")).ToHaveCountAsync(0);
            await Expect(page.Page.Locator("#message-list script")).ToHaveCountAsync(0);
            await Expect(page.Page.Locator("#message-list b")).ToHaveCountAsync(0);
            Assert.True(await page.Page.EvaluateAsync<bool>("() => window.__pwned === undefined"), "the payload ran");
        }
        await Expect(reader.Page.Locator("#message-list .message-sender")).ToHaveTextAsync(["Mallory <b>bold</b>"]);
        AssertNoPageProblems();
    }

    [Fact]
    public async Task Switching_to_Arabic_mirrors_the_page_and_uses_the_Arabic_resources()
    {
        var page = await OpenUserAsync("مريم");
        var html = page.Page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("dir", "ltr");
        await Expect(page.Page.Locator("#join-heading")).ToHaveTextAsync(ChatPage.Resource("en", "join.heading"));
        await page.ScreenshotAsync("join-en");

        await page.Page.Locator("#language-select").SelectOptionAsync("ar");

        await Expect(html).ToHaveAttributeAsync("dir", "rtl", new() { Timeout = Timeout });
        await Expect(html).ToHaveAttributeAsync("lang", "ar");
        await Expect(page.Page.Locator("#join-heading")).ToHaveTextAsync(ChatPage.Resource("ar", "join.heading"));
        await Expect(page.Page.Locator("label[for=room-id]")).ToHaveTextAsync(ChatPage.Resource("ar", "join.roomId"));
        await Expect(page.Page.Locator("#sign-out-button")).ToHaveTextAsync(ChatPage.Resource("ar", "nav.signOut"));
        await Expect(page.Page.Locator("#join-button")).ToHaveTextAsync(ChatPage.Resource("ar", "join.submit"));
        var direction = await page.Page.Locator("#join-form").EvaluateAsync<string>("e => getComputedStyle(e).direction");
        Assert.Equal("rtl", direction);

        // In the room too, and remembered across a reload.
        var roomId = await Fixture.CreateRoomAsync("غرفة الاختبار");
        await page.JoinAsync(roomId);
        await Expect(page.SendButton).ToHaveTextAsync(ChatPage.Resource("ar", "composer.send"));
        await Expect(page.Page.Locator("#connection-text")).ToHaveTextAsync(ChatPage.Resource("ar", "connection.connected"));
        await Expect(page.Page.Locator("#room-title")).ToHaveTextAsync("غرفة الاختبار");
        await page.SendAsync("مرحبا بالجميع! Hello everyone.");
        await page.SendAsync("الاجتماع يبدأ الساعة 14:00");
        await page.AllSentAsync();
        await Expect(page.MessageTexts).ToHaveCountAsync(2, new() { Timeout = Timeout });
        await page.ScreenshotAsync("room-ar");

        // The room's address joins it again after the reload; the start page offers the same room.
        await page.Page.ReloadAsync();
        await Expect(html).ToHaveAttributeAsync("dir", "rtl", new() { Timeout = Timeout });
        await Expect(page.Page.Locator("#language-select")).ToHaveValueAsync("ar");
        await Expect(page.Page.Locator("#me-name")).ToHaveTextAsync("مريم", new() { Timeout = Timeout });
        await Expect(page.Page.Locator("#room-title")).ToHaveTextAsync("غرفة الاختبار", new() { Timeout = Timeout });
        await Expect(page.MessageTexts).ToHaveCountAsync(2, new() { Timeout = Timeout });
        await page.Page.Locator("#leave-button").ClickAsync();
        await Expect(page.Page.Locator("#room-id")).ToHaveValueAsync(roomId, new() { Timeout = Timeout });
        await page.ScreenshotAsync("join-ar");

        // And back.
        await page.Page.Locator("#language-select").SelectOptionAsync("en");
        await Expect(html).ToHaveAttributeAsync("dir", "ltr", new() { Timeout = Timeout });
        await Expect(page.Page.Locator("#join-heading")).ToHaveTextAsync(ChatPage.Resource("en", "join.heading"));
        AssertNoPageProblems();
    }

    [Fact]
    public async Task Enter_sends_and_shift_enter_inserts_a_newline()
    {
        var roomId = await Fixture.CreateRoomAsync("Keyboard test");
        var page = await OpenUserAsync("Long writer");
        await page.JoinAsync(roomId);

        await Expect(page.SendButton).ToBeDisabledAsync();
        await page.Composer.PressAsync("Enter");
        await Expect(page.Pending).ToHaveCountAsync(0);
        await Expect(page.Messages).ToHaveCountAsync(0);

        await page.Composer.PressSequentiallyAsync("first line");
        await Expect(page.SendButton).ToBeEnabledAsync();
        await page.Composer.PressAsync("Shift+Enter");
        await page.Composer.PressSequentiallyAsync("second line");
        await Expect(page.Composer).ToHaveValueAsync("first line\nsecond line");
        await Expect(page.Messages).ToHaveCountAsync(0);
        await Expect(page.Pending).ToHaveCountAsync(0);

        await page.Composer.PressAsync("Enter");

        await Expect(page.MessageTexts).ToHaveTextAsync(["first line\nsecond line"], new() { Timeout = Timeout });
        Assert.Equal("first line\nsecond line", await page.MessageTexts.First.TextContentAsync());
        await Expect(page.Composer).ToHaveValueAsync("");
        await Expect(page.Composer).ToBeFocusedAsync();
        await Expect(page.SendButton).ToBeDisabledAsync();
        await page.AllSentAsync();
        AssertNoPageProblems();
    }

    [Fact]
    public async Task Errors_are_shown_in_words_a_person_can_act_on()
    {
        var page = await OpenUserAsync("Long writer");

        // Hub error: joining a room that does not exist.
        await page.Page.Locator("#room-id").FillAsync("no-such-room-" + Guid.NewGuid().ToString("N")[..8]);
        await page.Page.Locator("#join-button").ClickAsync();
        await Expect(page.JoinError).ToHaveTextAsync(ChatPage.Resource("en", "error.room_not_found"), new() { Timeout = Timeout });
        await Expect(page.Page.Locator("#room-view")).ToBeHiddenAsync();

        // HTTP ProblemDetails: creating a room whose id is taken.
        var taken = await Fixture.CreateRoomAsync("Taken");
        await page.Page.Locator("#room-id").FillAsync(taken);
        await page.Page.Locator("#create-room summary").ClickAsync();
        await page.Page.Locator("#create-title").FillAsync("Another title");
        await page.Page.Locator("#create-button").ClickAsync();
        await Expect(page.JoinError).ToHaveTextAsync(ChatPage.Resource("en", "error.room_exists"), new() { Timeout = Timeout });
        await Expect(page.Page.Locator("#join-error-detail")).ToBeVisibleAsync();

        // Creating a new room through the page joins it.
        var fresh = "t-" + Guid.NewGuid().ToString("N")[..12];
        await page.Page.Locator("#room-id").FillAsync(fresh);
        await Expect(page.Page.Locator("#create-title")).ToBeVisibleAsync(); // the form stays open after an error
        await page.Page.Locator("#create-title").FillAsync("Fresh room");
        await page.Page.Locator("#create-button").ClickAsync();
        await Expect(page.Page.Locator("#room-title")).ToHaveTextAsync("Fresh room", new() { Timeout = Timeout });
        await Expect(page.Page.Locator("#empty-room")).ToBeVisibleAsync();
        AssertNoPageProblems();
    }

    [Fact]
    public async Task A_lost_event_is_filled_in_with_GetMissed()
    {
        var roomId = await Fixture.CreateRoomAsync("Gap test");
        var (alice, tap) = await OpenTappedUserAsync("Alice");
        var bob = await OpenUserAsync("Bob");
        await alice.JoinAsync(roomId);
        await bob.JoinAsync(roomId);

        await tap.DropFromServerAsync($"\"target\":\"{RoomClientEvents.Events}\"", "gap 2");
        string[] sent = ["gap 1", "gap 2", "gap 3"];
        for (var i = 0; i < sent.Length; i++)
        {
            // One at a time, so that each message travels in its own event.
            await bob.SendAsync(sent[i]);
            await Expect(bob.MessageTexts).ToHaveCountAsync(i + 1, new() { Timeout = Timeout });
        }

        await Expect(bob.MessageTexts).ToHaveTextAsync(sent, new() { Timeout = Timeout });
        await Expect(alice.MessageTexts).ToHaveTextAsync(sent, new() { Timeout = Timeout });
        Assert.Equal(1, await tap.DroppedAsync());
        Assert.True(await tap.GetMissedCallsAsync() >= 1, "the page did not ask for the missed message");
        AssertNoPageProblems();
    }

    [Fact]
    public async Task After_a_dropped_connection_the_page_reconnects_catches_up_and_sends_what_was_pending()
    {
        var roomId = await Fixture.CreateRoomAsync("Reconnect test");
        var (alice, tap) = await OpenTappedUserAsync("Alice");
        var bob = await OpenUserAsync("Bob");
        await alice.JoinAsync(roomId);
        await bob.JoinAsync(roomId);

        await alice.SendAsync("before the drop");
        await Expect(bob.MessageTexts).ToHaveTextAsync(["before the drop"], new() { Timeout = Timeout });

        // The server stores this one, but neither its ack nor its event reaches Alice.
        await tap.DropFromServerAsync("\"type\":3");
        await tap.DropFromServerAsync("ack lost");
        await alice.SendAsync("ack lost");
        await Expect(bob.MessageTexts).ToHaveTextAsync(["before the drop", "ack lost"], new() { Timeout = Timeout });
        await Expect(alice.Pending).ToHaveCountAsync(1);

        // Cut the connection and keep Alice out until she has given up for a while.
        tap.RefuseConnections = true;
        await tap.StopDroppingAsync();
        await tap.CutAsync();
        await Expect(alice.Connection).ToHaveAttributeAsync("data-state", "offline", new() { Timeout = 30_000 });
        await Expect(alice.Page.Locator("#reconnect-button")).ToBeVisibleAsync();
        // The state is said across the page too, not only in the header's badge.
        await Expect(alice.Page.Locator("#offline-banner")).ToHaveTextAsync(ChatPage.Resource("en", "connection.offlineBanner"));
        await alice.ScreenshotAsync("offline-en");

        await bob.SendAsync("while Alice is away");
        await bob.AllSentAsync();
        await alice.SendAsync("typed while offline");
        await Expect(alice.Pending).ToHaveCountAsync(2);

        // Once the server answers again the client is back by itself within its longest wait (5 s) plus the
        // time a connection takes: no click needed.
        tap.RefuseConnections = false;
        await Expect(alice.Connection).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 8_000 });
        await Expect(alice.Page.Locator("#offline-banner")).ToBeHiddenAsync();

        string[] expected = ["before the drop", "ack lost", "while Alice is away", "typed while offline"];
        await Expect(alice.MessageTexts).ToHaveTextAsync(expected, new() { Timeout = Timeout });
        await Expect(bob.MessageTexts).ToHaveTextAsync(expected, new() { Timeout = Timeout });
        await alice.AllSentAsync();
        AssertNoPageProblems();
    }

    [Fact]
    public async Task The_page_works_under_a_strict_content_security_policy()
    {
        // No inline script, inline handler or inline style anywhere: the CSP would refuse it and the page
        // would break (ChatPage records CSP violations as problems).
        var roomId = await Fixture.CreateRoomAsync("CSP test");
        var page = await OpenUserAsync("Long writer", strictCsp: true);
        await page.JoinAsync(roomId);
        await page.Page.Locator("#language-select").SelectOptionAsync("fr");
        await Expect(page.SendButton).ToHaveTextAsync(ChatPage.Resource("fr", "composer.send"), new() { Timeout = Timeout });
        await page.SendAsync("under CSP");
        await Expect(page.MessageTexts).ToHaveTextAsync(["under CSP"], new() { Timeout = Timeout });
        await page.AllSentAsync();
        AssertNoPageProblems();
    }

    [Fact]
    public async Task A_failed_send_keeps_the_text_shows_the_error_and_retry_reuses_the_client_message_id()
    {
        var roomId = await Fixture.CreateRoomAsync("Retry test");
        var (alice, tap) = await OpenTappedUserAsync("Alice");
        var bob = await OpenUserAsync("Bob");
        await alice.JoinAsync(roomId);
        await bob.JoinAsync(roomId);

        await tap.FailNextSendAsync(
            "An unexpected error occurred invoking 'SendMessage' on the server. HubException: unavailable: The store is busy.");
        await alice.SendAsync("please retry me");

        var failed = alice.Pending.First;
        await Expect(failed).ToHaveClassAsync(new Regex("message-failed"), new() { Timeout = Timeout });
        await Expect(failed.Locator(".message-text")).ToHaveTextAsync("please retry me");
        await Expect(failed.Locator(".message-error-text")).ToHaveTextAsync(ChatPage.Resource("en", "error.unavailable"));
        await Expect(alice.Messages).ToHaveCountAsync(0);
        await alice.ScreenshotAsync("failed-send-en");

        await failed.GetByRole(AriaRole.Button, new() { Name = ChatPage.Resource("en", "message.retry"), Exact = true }).ClickAsync();

        await Expect(alice.MessageTexts).ToHaveTextAsync(["please retry me"], new() { Timeout = Timeout });
        await Expect(bob.MessageTexts).ToHaveTextAsync(["please retry me"], new() { Timeout = Timeout });
        await alice.AllSentAsync();
        var ids = await tap.SendIdsAsync();
        Assert.Equal(2, ids.Length);
        Assert.Equal(ids[0], ids[1]);
        Assert.True(Guid.TryParse(ids[0], out _), $"clientMessageId '{ids[0]}' is not a UUID");
        AssertNoPageProblems();
    }

    [Fact]
    public async Task The_character_counter_appears_near_the_limit_and_too_long_text_cannot_be_sent()
    {
        var roomId = await Fixture.CreateRoomAsync("Limit test");
        var page = await OpenUserAsync("Long writer");
        await page.JoinAsync(roomId);
        var counter = page.Page.Locator("#char-counter");

        await page.Composer.FillAsync(new string('a', 100));
        await Expect(counter).ToBeHiddenAsync();

        await page.Composer.FillAsync(new string('a', 3_900));
        await Expect(counter).ToHaveTextAsync("3,900 / 4,000");
        await Expect(page.SendButton).ToBeEnabledAsync();

        await page.Composer.FillAsync(new string('a', 4_001));
        await Expect(counter).ToHaveTextAsync("4,001 / 4,000");
        await Expect(counter).ToHaveClassAsync(new Regex("over"));
        await page.ScreenshotAsync("too-long-en");
        await Expect(page.SendButton).ToBeDisabledAsync();
        await Expect(page.Page.Locator("#composer-error")).ToHaveTextAsync(
            ChatPage.Resource("en", "composer.tooLong").Replace("{max}", "4,000", StringComparison.Ordinal));
        await page.Composer.PressAsync("Enter");
        await Expect(page.Pending).ToHaveCountAsync(0);

        // Exactly at the limit is fine.
        await page.Composer.FillAsync(new string('b', 4_000));
        await Expect(page.SendButton).ToBeEnabledAsync();
        await Expect(page.Page.Locator("#composer-error")).ToBeHiddenAsync();
        await page.Composer.PressAsync("Enter");
        await Expect(page.MessageTexts).ToHaveTextAsync([new string('b', 4_000)], new() { Timeout = Timeout });
        AssertNoPageProblems();
    }

    [Fact]
    public async Task Older_messages_load_on_demand_and_new_ones_do_not_yank_a_reader_who_scrolled_up()
    {
        var roomId = await Fixture.CreateRoomAsync("History test");
        var alice = await OpenUserAsync("Alice");
        await alice.JoinAsync(roomId);
        for (var i = 1; i <= 55; i++)
        {
            await alice.SendAsync($"m{i}");
        }
        await Expect(alice.MessageTexts).ToHaveCountAsync(55, new() { Timeout = 30_000 });
        await alice.AllSentAsync();

        // A joiner gets the newest 50 and can page back to the start.
        var bob = await OpenUserAsync("Bob");
        await bob.JoinAsync(roomId);
        await Expect(bob.MessageTexts).ToHaveCountAsync(50, new() { Timeout = Timeout });
        await Expect(bob.MessageTexts.First).ToHaveTextAsync("m6");
        await Expect(bob.MessageTexts.Last).ToHaveTextAsync("m55");
        var distanceFromBottom = "e => e.scrollHeight - e.scrollTop - e.clientHeight";
        var pane = bob.Page.Locator("#message-pane");
        Assert.True(await pane.EvaluateAsync<double>(distanceFromBottom) < 50, "a joiner starts at the newest message");

        var loadOlder = bob.Page.Locator("#load-older");
        await Expect(loadOlder).ToBeVisibleAsync();
        await loadOlder.ClickAsync();
        await Expect(bob.MessageTexts).ToHaveCountAsync(55, new() { Timeout = Timeout });
        await Expect(bob.MessageTexts.First).ToHaveTextAsync("m1");
        await Expect(loadOlder).ToBeHiddenAsync();
        await Expect(bob.Page.Locator("#history-start")).ToBeVisibleAsync();

        // Bob reads old messages: a new one must not move him, only show the hint.
        await pane.EvaluateAsync("e => { e.scrollTop = 0; }");
        await alice.SendAsync("while Bob reads history");
        await Expect(bob.MessageTexts.Last).ToHaveTextAsync("while Bob reads history", new() { Timeout = Timeout });
        var hint = bob.Page.Locator("#new-messages");
        await Expect(hint).ToBeVisibleAsync();
        Assert.True(await pane.EvaluateAsync<double>("e => e.scrollTop") < 50, "the reader was yanked to the bottom");
        await bob.ScreenshotAsync("new-messages-hint-en");

        await hint.ClickAsync();
        await Expect(hint).ToBeHiddenAsync();
        Assert.True(await pane.EvaluateAsync<double>(distanceFromBottom) < 50, "the hint did not bring the reader down");

        // At the bottom, new messages are followed without a hint.
        await alice.SendAsync("followed");
        await Expect(bob.MessageTexts.Last).ToHaveTextAsync("followed", new() { Timeout = Timeout });
        await Expect(hint).ToBeHiddenAsync();
        await bob.Page.WaitForFunctionAsync(
            "() => { const e = document.getElementById('message-pane'); return e.scrollHeight - e.scrollTop - e.clientHeight < 50; }",
            null, new() { Timeout = Timeout });
        AssertNoPageProblems();
    }
}
