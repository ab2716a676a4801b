using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HubRealtime.Testing;
using HubRealtime.Testing.Server;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HubRealtime.Browser.Tests;

/// <summary>
/// A small meeting run through the web client: a facilitator and six participants from three countries,
/// three breakout rooms. Accounts, agencies and the meeting are made through the grains and the HTTP API;
/// the breakout actions go through the pages.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MeetingPageTests(BrowserFixture fixture) : BrowserTestBase(fixture)
{
    /// <summary>
    /// The browser fixture runs the real server clock (it cannot be faked from the browser), so the rooms open
    /// for the shortest duration (1 minute) and the test waits for the timer's close event with an Expect
    /// timeout: long enough for the minute plus slack, never a sleep.
    /// </summary>
    private const float CloseTimeout = 150_000;

    private static string Text(string key) => ChatPage.Resource("en", key);

    /// <summary>Goes to the meeting the way people do: the Meetings entry of the menu, then the meeting.</summary>
    private static async Task OpenMeetingAsync(ChatPage page, string title, string plenaryRoomId)
    {
        await page.Page.Locator("#account-bar a[href='#/meetings']").ClickAsync();
        await page.Page.Locator("#meeting-list a", new() { HasText = title }).ClickAsync();
        await Expect(page.RoomId).ToHaveTextAsync(plenaryRoomId, new() { Timeout = Timeout });
        await Expect(page.Page.Locator("#meeting-panel")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#meeting-where")).ToHaveTextAsync(Text("meeting.inPlenary"), new() { Timeout = Timeout });
    }

    /// <summary>
    /// Agencies in <paramref name="countries"/> (HTTP, as a hub admin), a facilitator with MFA and
    /// <paramref name="perCountry"/> participants per agency (grains), and the meeting (HTTP).
    /// </summary>
    private async Task<(string MeetingId, TestUser Facilitator, List<(TestUser User, string Country)> Participants)> CreateMeetingAsync(
        string title, string[] countries, int perCountry, TestUser? secondFacilitator = null)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        using (var http = Fixture.HubAdminClient())
        {
            foreach (var country in countries)
            {
                using var created = await http.PostAsJsonAsync("/api/agencies", new
                {
                    agencyId = $"m{tag}-{country.ToLowerInvariant()}", name = $"Police {country}", country, kind = "police",
                });
                created.EnsureSuccessStatusCode();
            }
        }
        var facilitator = await Fixture.Server.RegisterAsync("fac", "Fay Facilitator", BrowserFixture.AgencyId, mfa: true);
        var participants = new List<(TestUser User, string Country)>();
        foreach (var country in countries)
        {
            for (var i = 1; i <= perCountry; i++)
            {
                var user = await Fixture.Server.RegisterAsync("p", $"{country} officer {i}", $"m{tag}-{country.ToLowerInvariant()}");
                participants.Add((user, country));
            }
        }

        var meetingId = "bm-" + tag;
        using (var http = Fixture.HubAdminClient())
        {
            using var created = await http.PostAsJsonAsync("/api/meetings", new
            {
                meetingId,
                title,
                startsAt = DateTimeOffset.UtcNow.AddMinutes(-5),
                endsAt = DateTimeOffset.UtcNow.AddHours(3),
                timeZone = "Europe/Paris",
                sessions = new[] { new { sessionId = "s1", title = "Session one" } },
                facilitators = secondFacilitator is null ? new[] { facilitator.Email } : new[] { facilitator.Email, secondFacilitator.Email },
                participants = participants.Select(p => p.User.Email).ToArray(),
                agencies = Array.Empty<string>(),
                groups = Array.Empty<string>(),
            });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }
        return (meetingId, facilitator, participants);
    }

    [Fact]
    public async Task A_help_request_alerts_a_facilitator_on_another_page_and_one_resolves_it_for_both()
    {
        const string title = "Help desk rehearsal";
        var second = await Fixture.Server.RegisterAsync("fac2", "Gil Second", BrowserFixture.AgencyId, mfa: true);
        var (meetingId, facilitator, participants) = await CreateMeetingAsync(title, ["NO"], 1, second);
        var plenary = $"m-{meetingId}-s1";
        var fac = await SignInAsync(facilitator);
        var gil = await SignInAsync(second);
        var asker = await SignInAsync(participants[0].User);
        foreach (var page in new[] { fac, asker })
        {
            await OpenMeetingAsync(page, title, plenary);
        }
        // Gil is elsewhere in the app: the working groups page.
        await gil.Page.Locator("#account-bar a[href='#/groups']").ClickAsync();
        await Expect(gil.Page.Locator("#groups-view")).ToBeVisibleAsync(new() { Timeout = Timeout });
        var gilAlert = gil.Page.Locator("#meeting-alerts .meeting-alert-help");
        await Expect(gilAlert).ToHaveCountAsync(0);

        await asker.Page.Locator("#help-text").FillAsync("Our microphone is gone");
        await asker.Page.Locator("#help-button").ClickAsync();
        await Expect(asker.Page.Locator("#help-status")).ToHaveTextAsync(Text("help.sent"), new() { Timeout = Timeout });
        await Expect(fac.Page.Locator("#help-queue > li", new() { HasText = "Our microphone is gone" })).ToHaveCountAsync(1, new() { Timeout = Timeout });

        // An alert where the facilitators are: the console's count on the meeting page; on any other page the
        // meeting's alert; everywhere the navigation badge and the title.
        await Expect(fac.Page.Locator("#help-count")).ToHaveTextAsync("1");
        await Expect(fac.Page.Locator("#meeting-alerts .meeting-alert")).ToHaveCountAsync(0);
        await Expect(gilAlert).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(gilAlert).ToContainTextAsync(title);
        await Expect(gilAlert.Locator(".alert-help-count")).ToHaveTextAsync("1 help request waiting");
        foreach (var page in new[] { fac, gil })
        {
            await Expect(page.Page.Locator("#nav-help-badge")).ToHaveTextAsync("1", new() { Timeout = Timeout });
            await Expect(page.Page).ToHaveTitleAsync(new Regex(@"^\(!1\) "));
        }
        // The tone can be muted, and stays muted in this browser.
        await Expect(fac.Page.Locator("#help-sound")).ToHaveAttributeAsync("aria-pressed", "false");
        await fac.Page.Locator("#help-sound").ClickAsync();
        await Expect(fac.Page.Locator("#help-sound")).ToHaveAttributeAsync("aria-pressed", "true");

        // The queue is the meeting's, not the page's: a reload still shows it, here and on the other page.
        await fac.Page.ReloadAsync();
        await Expect(fac.Page.Locator("#help-queue > li", new() { HasText = "Our microphone is gone" })).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(fac.Page.Locator("#help-sound")).ToHaveAttributeAsync("aria-pressed", "true");
        await gil.Page.ReloadAsync();
        await Expect(gilAlert).ToHaveCountAsync(1, new() { Timeout = Timeout });
        // Away from the console, the alert mutes the tone too (one setting per browser).
        await Expect(gilAlert.Locator(".alert-sound")).ToHaveAttributeAsync("aria-pressed", "false");
        await gilAlert.Locator(".alert-sound").ClickAsync();
        await Expect(gilAlert.Locator(".alert-sound")).ToHaveAttributeAsync("aria-pressed", "true");

        // One facilitator resolves it: it goes from the queue and from the other facilitator's alert at once.
        await fac.Page.Locator("#help-queue > li .help-resolve").ClickAsync();
        await Expect(fac.Page.Locator("#help-queue > li")).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await Expect(fac.Page.Locator("#help-empty")).ToBeVisibleAsync();
        await Expect(gilAlert).ToHaveCountAsync(0, new() { Timeout = Timeout });
        foreach (var page in new[] { fac, gil })
        {
            await Expect(page.Page.Locator("#nav-help-badge")).ToHaveCountAsync(0, new() { Timeout = Timeout });
            await Expect(page.Page).Not.ToHaveTitleAsync(new Regex(@"^\(!"));
        }

        // A new request: the alert's button takes the facilitator to the console, where it waits.
        await asker.Page.Locator("#help-text").FillAsync("Still no sound");
        await asker.Page.Locator("#help-button").ClickAsync();
        await Expect(gilAlert).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await gilAlert.Locator(".alert-go").ClickAsync();
        await Expect(gil.RoomId).ToHaveTextAsync(plenary, new() { Timeout = Timeout });
        await Expect(gil.Page.Locator("#help-queue > li", new() { HasText = "Still no sound" })).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(gil.Page.Locator("#help-sound")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(gil.Page.Locator("#meeting-alerts .meeting-alert")).ToHaveCountAsync(0);
        fac.AssertNoPageProblems();
        gil.AssertNoPageProblems();
    }

    [Fact]
    public async Task Counts_use_Russian_and_Arabic_plurals_and_a_live_language_switch_leaves_no_old_string()
    {
        const string title = "Plural rehearsal";
        var (meetingId, facilitator, _) = await CreateMeetingAsync(title, ["RU", "KZ", "BY"], 2);
        var fac = await SignInAsync(facilitator);
        var p = fac.Page;
        await p.Locator("#language-select").SelectOptionAsync("ru");
        await Expect(p.Locator("html")).ToHaveAttributeAsync("lang", "ru", new() { Timeout = Timeout });
        await p.Locator("#account-bar a[href='#/meetings']").ClickAsync();
        await p.Locator("#meeting-list a", new() { HasText = title }).ClickAsync();
        await Expect(fac.RoomId).ToHaveTextAsync($"m-{meetingId}-s1", new() { Timeout = Timeout });

        var counts = p.Locator("#breakout-rooms .room-item .room-item-head .muted");
        await p.Locator("#draft-names").FillAsync("North\nSouth");
        await p.Locator("#draft-button").ClickAsync();
        // Russian: 0 is "many" (человек), 3 is "few" (человека).
        await Expect(counts).ToHaveTextAsync(["0 человек", "0 человек"], new() { Timeout = Timeout });
        await p.Locator("#assign-mode").SelectOptionAsync("balanced");
        await p.Locator("#assign-button").ClickAsync();
        await Expect(counts).ToHaveTextAsync(["3 человека", "3 человека"], new() { Timeout = Timeout });

        // Switched live to Arabic: the counts take Arabic's "few" form, and no Russian word is left anywhere
        // (names, room names and ids here are Latin, so any Cyrillic would be a string of the old language).
        await p.Locator("#language-select").SelectOptionAsync("ar");
        await Expect(p.Locator("html")).ToHaveAttributeAsync("dir", "rtl", new() { Timeout = Timeout });
        var three = await p.EvaluateAsync<string>("new Intl.NumberFormat('ar').format(3)");
        await Expect(counts).ToHaveTextAsync([$"{three} أشخاص", $"{three} أشخاص"], new() { Timeout = Timeout });
        var cyrillic = await p.EvaluateAsync<string>("""
            (() => {
              // The language picker names each language in itself ("Русский"): that is meant to stay.
              const picker = document.getElementById("language-select");
              const lines = [];
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!picker.contains(n)) lines.push(n.textContent);
              const texts = [...lines, document.title,
                ...[...document.querySelectorAll("[placeholder], [aria-label], [title]")].flatMap((e) => [e.getAttribute("placeholder"), e.getAttribute("aria-label"), e.getAttribute("title")])];
              return texts.filter((t) => t && /[\u0400-\u04FF]/.test(t)).join(" | ");
            })()
            """);
        Assert.Equal("", cyrillic);
        fac.AssertNoPageProblems();
    }

    [Fact]
    public async Task The_plenary_lists_only_who_is_there_while_the_others_are_in_their_breakout()
    {
        const string title = "Presence rehearsal";
        var (meetingId, facilitator, participants) = await CreateMeetingAsync(title, ["SE"], 2);
        var plenary = $"m-{meetingId}-s1";
        var fac = await SignInAsync(facilitator);
        var people = new List<ChatPage>();
        foreach (var (user, _) in participants)
        {
            people.Add(await SignInAsync(user));
        }
        foreach (var page in people.Prepend(fac))
        {
            await OpenMeetingAsync(page, title, plenary);
        }
        await Expect(fac.Presence).ToHaveCountAsync(3, new() { Timeout = Timeout });

        var f = fac.Page;
        await f.Locator("#draft-names").FillAsync("Alpha\nBeta");
        await f.Locator("#draft-button").ClickAsync();
        await Expect(f.Locator("#assign-box")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await f.Locator("#assign-mode").SelectOptionAsync("balanced");
        await f.Locator("#assign-button").ClickAsync();
        await Expect(f.Locator("#breakout-rooms .room-member")).ToHaveCountAsync(2, new() { Timeout = Timeout });
        await f.Locator("#open-button").ClickAsync();
        foreach (var page in people)
        {
            await Expect(page.RoomId).ToHaveTextAsync(new Regex($"^{Regex.Escape(plenary)}-r1-[12]$"), new() { Timeout = Timeout });
            // A breakout lists its one member; the plenary, still watched for its notices, does not count them.
            await Expect(page.Presence).ToHaveCountAsync(1, new() { Timeout = Timeout });
        }
        await Expect(fac.RoomId).ToHaveTextAsync(plenary);
        await Expect(fac.Presence).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(fac.Presence).ToContainTextAsync(["Fay Facilitator"]);

        // Back in the plenary when the rooms close: listed there again (and the watch still carries notices).
        await f.Locator("#close-button").ClickAsync();
        await f.Locator("#close-confirm").ClickAsync();
        foreach (var page in people)
        {
            await Expect(page.RoomId).ToHaveTextAsync(plenary, new() { Timeout = Timeout });
        }
        await Expect(fac.Presence).ToHaveCountAsync(3, new() { Timeout = Timeout });
        AssertNoPageProblems();
    }

    [Fact]
    public async Task A_facilitator_runs_breakout_rooms_and_everyone_returns_to_the_plenary_with_the_outcomes()
    {
        const string title = "Breakout rehearsal";
        var (meetingId, facilitator, participants) = await CreateMeetingAsync(title, ["FR", "KE", "BR"], 2);
        var plenary = $"m-{meetingId}-s1";

        var fac = await SignInAsync(facilitator);
        var people = new List<ChatPage>();
        foreach (var (user, _) in participants)
        {
            people.Add(await SignInAsync(user));
        }
        await OpenMeetingAsync(fac, title, plenary);
        foreach (var page in people)
        {
            await OpenMeetingAsync(page, title, plenary);
            // Participants do not get the console; they get the help button.
            await Expect(page.Page.Locator("#facilitator-console")).ToBeHiddenAsync();
            await Expect(page.Page.Locator("#help-button")).ToBeVisibleAsync();
        }

        // Facilitator: three named rooms, balanced assignment, preview.
        var f = fac.Page;
        await Expect(f.Locator("#facilitator-console")).ToBeVisibleAsync();
        await f.Locator("#draft-count").FillAsync("3");
        await f.Locator("#draft-fill").ClickAsync();
        await f.Locator("#draft-names").FillAsync("Prevention\nInvestigation\nVictim support");
        await f.Locator("#draft-button").ClickAsync();
        await Expect(f.Locator("#assign-box")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await f.Locator("#assign-mode").SelectOptionAsync("balanced");
        await f.Locator("#assign-button").ClickAsync();
        var rooms = f.Locator("#breakout-rooms > li");
        await Expect(rooms).ToHaveCountAsync(3, new() { Timeout = Timeout });
        await Expect(f.Locator("#breakout-rooms .room-member")).ToHaveCountAsync(6, new() { Timeout = Timeout });
        await Expect(rooms.Locator(".room-item-name")).ToHaveTextAsync(["Prevention", "Investigation", "Victim support"]);
        // Balanced: two people per room, from two different countries.
        for (var i = 0; i < 3; i++)
        {
            var members = await rooms.Nth(i).Locator(".room-member").AllTextContentsAsync();
            Assert.Equal(2, members.Count);
            var roomCountries = members.Select(m => m[^2..]).ToHashSet();
            Assert.Equal(2, roomCountries.Count);
        }

        // Open for one minute; everyone lands in their breakout room with a running countdown.
        await f.Locator("#open-duration").FillAsync("1");
        await f.Locator("#open-warnings").FillAsync("");
        // Every room's note starts from the facilitator's template.
        await f.Locator("#open-note-template").FillAsync("Our recommendation:\nWho follows up:");
        await f.Locator("#open-button").ClickAsync();
        await Expect(f.Locator("#live-box")).ToBeVisibleAsync(new() { Timeout = Timeout });
        var breakoutId = new Regex($"^{Regex.Escape(plenary)}-r1-[1-3]$");
        foreach (var page in people)
        {
            await Expect(page.RoomId).ToHaveTextAsync(breakoutId, new() { Timeout = Timeout });
            await Expect(page.Page.Locator("#meeting-countdown")).ToBeVisibleAsync();
            await Expect(page.Page.Locator("#meeting-countdown")).ToContainTextAsync(new Regex("\\d\\d:\\d\\d"));
        }
        await Expect(fac.RoomId).ToHaveTextAsync(plenary);
        foreach (var page in people)
        {
            // Presence shows the room's two members (the facilitator is still in the plenary).
            await Expect(page.Presence).ToHaveCountAsync(2, new() { Timeout = Timeout });
        }

        // Each room talks (this becomes its outcome).
        var roomOf = new Dictionary<ChatPage, string>();
        for (var i = 0; i < people.Count; i++)
        {
            roomOf[people[i]] = (await people[i].RoomId.TextContentAsync())!;
            await people[i].SendAsync($"idea {i + 1} from {participants[i].User.DisplayName}");
        }
        foreach (var page in people) await page.AllSentAsync();

        // A broadcast reaches every room.
        await f.Locator("#broadcast-text").FillAsync("Please agree on one recommendation.");
        await f.Locator("#broadcast-button").ClickAsync();
        foreach (var page in people.Append(fac))
        {
            await Expect(page.Page.Locator("#meeting-broadcast")).ToContainTextAsync("Please agree on one recommendation.", new() { Timeout = Timeout });
        }
        foreach (var page in people)
        {
            await Expect(page.Page.Locator("#message-list li[data-notice='broadcast']")).ToContainTextAsync("Please agree on one recommendation.", new() { Timeout = Timeout });
        }

        // Help: the request reaches the facilitators, who can join that room.
        var asker = people[0];
        await asker.Page.Locator("#help-text").FillAsync("We are stuck");
        await asker.Page.Locator("#help-button").ClickAsync();
        await Expect(asker.Page.Locator("#help-status")).ToHaveTextAsync(Text("help.sent"), new() { Timeout = Timeout });
        var request = f.Locator("#help-queue > li", new() { HasText = "We are stuck" });
        await Expect(request).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await request.Locator(".help-join").ClickAsync();
        await Expect(fac.RoomId).ToHaveTextAsync(roomOf[asker], new() { Timeout = Timeout });
        await Expect(fac.MessageTexts.Filter(new() { HasText = "idea 1 from" })).ToHaveCountAsync(1, new() { Timeout = Timeout });

        // The timer closes the rooms: everyone is back in the plenary and sees the three outcomes.
        foreach (var page in people.Append(fac))
        {
            await Expect(page.RoomId).ToHaveTextAsync(plenary, new() { Timeout = CloseTimeout });
            await Expect(page.Page.Locator("#meeting-where")).ToHaveTextAsync(Text("meeting.inPlenary"), new() { Timeout = Timeout });
            // The session record, by round, with the rooms and the names of who was in them.
            await Expect(page.Page.Locator("#outcome-rounds > li")).ToHaveCountAsync(1, new() { Timeout = Timeout });
            await Expect(page.Page.Locator("#outcome-rounds > li[data-round='1'] .outcome-round-heading")).ToContainTextAsync(Text("outcomes.round").Replace("{round}", "1", StringComparison.Ordinal));
            await Expect(page.Page.Locator("#outcome-rounds li.outcome")).ToHaveCountAsync(3, new() { Timeout = Timeout });
            await Expect(page.Page.Locator("#outcome-rounds .room-item-name")).ToHaveTextAsync(["Prevention", "Investigation", "Victim support"]);
            await Expect(page.Page.Locator("#meeting-countdown")).ToBeHiddenAsync();
            // The round's broadcast ended with the round.
            await Expect(page.Page.Locator("#meeting-broadcast")).ToBeHiddenAsync(new() { Timeout = Timeout });
            await Expect(page.Presence).ToHaveCountAsync(7, new() { Timeout = Timeout });
        }
        await Expect(f.Locator("#breakout-phase")).ToHaveTextAsync(Text("phase.closed").Replace("{round}", "1", StringComparison.Ordinal), new() { Timeout = Timeout });

        // The plenary record: a participant reads another room's transcript, read-only.
        var reader = people[5];
        var otherRoom = roomOf.First(kv => kv.Value != roomOf[reader]);
        var record = reader.Page.Locator($"#outcome-rounds li.outcome[data-room-id='{otherRoom.Value}']");
        var there = people.Select((p, i) => (p, i)).Where(x => roomOf[x.p] == otherRoom.Value).ToList();
        await Expect(record.Locator(".outcome-members > li")).ToHaveCountAsync(there.Count);
        foreach (var (_, i) in there)
        {
            await Expect(record.Locator(".outcome-members")).ToContainTextAsync(participants[i].User.DisplayName);
        }
        await record.Locator(".read-transcript").ClickAsync();
        await Expect(reader.RoomId).ToHaveTextAsync(otherRoom.Value, new() { Timeout = Timeout });
        await Expect(reader.MessageTexts.Filter(new() { HasText = "from" })).ToHaveCountAsync(
            roomOf.Count(kv => kv.Value == otherRoom.Value), new() { Timeout = Timeout });
        await Expect(reader.Page.Locator("#room-readonly")).ToBeVisibleAsync();
        await Expect(reader.Composer).ToBeHiddenAsync();
        await reader.Page.Locator("#back-to-plenary").ClickAsync();
        await Expect(reader.RoomId).ToHaveTextAsync(plenary, new() { Timeout = Timeout });

        await fac.ScreenshotAsync("meeting-facilitator");
        await reader.ScreenshotAsync("meeting-participant");

        // Each room's note (the template, nobody edited it) is in the record at its final revision, linked to the room's page.
        await Expect(reader.Page.Locator("#outcome-rounds .open-notes")).ToHaveCountAsync(3, new() { Timeout = Timeout });
        var notes = record.Locator(".open-notes");
        await Expect(notes).ToHaveTextAsync(Text("outcomes.notes").Replace("{rev}", "1", StringComparison.Ordinal));
        await notes.ClickAsync();
        await Expect(reader.Page).ToHaveURLAsync(new Regex($"#/room/{Regex.Escape(otherRoom.Value)}$"), new() { Timeout = Timeout });
        await Expect(reader.RoomId).ToHaveTextAsync(otherRoom.Value, new() { Timeout = Timeout });
        await Expect(reader.Page.Locator("#room-readonly")).ToBeVisibleAsync();
        AssertNoPageProblems();
    }

    [Fact]
    public async Task Participants_elsewhere_in_the_app_are_sent_to_their_room_and_back_to_the_plenary()
    {
        const string title = "Round prompts rehearsal";
        var (meetingId, facilitator, participants) = await CreateMeetingAsync(title, ["SE"], 2);
        var plenary = $"m-{meetingId}-s1";
        var fac = await SignInAsync(facilitator);
        var ann = await SignInAsync(participants[0].User);
        var bo = await SignInAsync(participants[1].User);
        await OpenMeetingAsync(fac, title, plenary);
        // Ann stays on the start page, Bo reads the working groups.
        await bo.Page.Locator("#account-bar a[href='#/groups']").ClickAsync();
        await Expect(bo.Page.Locator("#groups-view")).ToBeVisibleAsync(new() { Timeout = Timeout });

        var f = fac.Page;
        await f.Locator("#draft-names").FillAsync("North\nSouth");
        await f.Locator("#draft-button").ClickAsync();
        await Expect(f.Locator("#assign-box")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await f.Locator("#assign-mode").SelectOptionAsync("balanced");
        await f.Locator("#assign-button").ClickAsync();
        await Expect(f.Locator("#breakout-rooms .room-member")).ToHaveCountAsync(2, new() { Timeout = Timeout });
        await f.Locator("#open-duration").FillAsync("20");
        await f.Locator("#open-button").ClickAsync();
        await Expect(f.Locator("#live-box")).ToBeVisibleAsync(new() { Timeout = Timeout });

        // Wherever they are, each is told the rooms are open, with the way to their own room.
        var annPrompt = ann.Page.Locator("#meeting-alerts .meeting-alert-rooms");
        var boPrompt = bo.Page.Locator("#meeting-alerts .meeting-alert-rooms");
        await Expect(annPrompt).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(annPrompt).ToContainTextAsync(title);
        await Expect(boPrompt).ToHaveCountAsync(1, new() { Timeout = Timeout });
        // Ann's start page shows the running round too, with the same way to her room.
        await Expect(ann.Page.Locator($"#home-live-list [data-meeting='{meetingId}'] .home-go")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await annPrompt.Locator(".alert-go").ClickAsync();
        await Expect(ann.RoomId).ToHaveTextAsync(new Regex($"^{Regex.Escape(plenary)}-r1-[12]$"), new() { Timeout = Timeout });
        await Expect(ann.Page.Locator("#meeting-alerts .meeting-alert")).ToHaveCountAsync(0);
        // Bo puts the prompt away and stays where he is.
        await boPrompt.Locator(".alert-dismiss").ClickAsync();
        await Expect(boPrompt).ToHaveCountAsync(0);
        await Expect(bo.Page.Locator("#groups-view")).ToBeVisibleAsync();

        // The facilitator closes the rooms: Ann, in hers, is taken back; Bo, elsewhere, is offered the way back.
        await f.Locator("#close-button").ClickAsync();
        await f.Locator("#close-confirm").ClickAsync();
        await Expect(ann.RoomId).ToHaveTextAsync(plenary, new() { Timeout = Timeout });
        var boBack = bo.Page.Locator("#meeting-alerts .meeting-alert-ended");
        await Expect(boBack).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(boBack).ToContainTextAsync(title);
        await boBack.Locator(".alert-go").ClickAsync();
        await Expect(bo.RoomId).ToHaveTextAsync(plenary, new() { Timeout = Timeout });
        await Expect(bo.Page.Locator("#meeting-alerts .meeting-alert")).ToHaveCountAsync(0);
        AssertNoPageProblems();
    }

    private static async Task<float> WidthAsync(IPage page, string selector) =>
        (await page.Locator(selector).BoundingBoxAsync())?.Width ?? throw new InvalidOperationException($"{selector} is not shown");

    [Fact]
    public async Task The_console_shows_every_room_live_who_is_in_it_its_messages_and_its_help_requests()
    {
        const string title = "Overview rehearsal";
        var (meetingId, facilitator, participants) = await CreateMeetingAsync(title, ["DK"], 3);
        var plenary = $"m-{meetingId}-s1";
        var (ann, bo, cy) = (participants[0].User, participants[1].User, participants[2].User);
        var fac = await SignInAsync(facilitator);
        var annPage = await SignInAsync(ann);
        var boPage = await SignInAsync(bo);
        foreach (var page in new[] { fac, annPage, boPage })
        {
            await OpenMeetingAsync(page, title, plenary);
        }

        // Alpha: Ann. Beta: Bo and Cy (who never comes).
        var f = fac.Page;
        await f.Locator("#draft-names").FillAsync("Alpha\nBeta");
        await f.Locator("#draft-button").ClickAsync();
        await Expect(f.Locator("#assign-box")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await f.Locator("#assign-mode").SelectOptionAsync("manual");
        await f.Locator($"#manual-list select[data-email='{ann.Email}']").SelectOptionAsync(new SelectOptionValue { Label = "Alpha" });
        await f.Locator($"#manual-list select[data-email='{bo.Email}']").SelectOptionAsync(new SelectOptionValue { Label = "Beta" });
        await f.Locator($"#manual-list select[data-email='{cy.Email}']").SelectOptionAsync(new SelectOptionValue { Label = "Beta" });
        await f.Locator("#assign-button").ClickAsync();
        await Expect(f.Locator("#breakout-rooms .room-member")).ToHaveCountAsync(3, new() { Timeout = Timeout });
        await f.Locator("#open-duration").FillAsync("20");
        await f.Locator("#open-button").ClickAsync();
        await Expect(f.Locator("#live-box")).ToBeVisibleAsync(new() { Timeout = Timeout });

        var alpha = f.Locator("#breakout-rooms > li", new() { Has = f.Locator(".room-item-name", new() { HasText = "Alpha" }) });
        var beta = f.Locator("#breakout-rooms > li", new() { Has = f.Locator(".room-item-name", new() { HasText = "Beta" }) });
        await Expect(f.Locator("#preview-box h4")).ToHaveTextAsync(Text("console.overview"));
        await Expect(f.Locator("#overview-ends")).ToBeVisibleAsync();
        // Each participant is seen in their own room as they arrive; Cy, who is not here, is marked away.
        await Expect(alpha.Locator($".room-member.present[data-email='{ann.Email}']")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(beta.Locator($".room-member.present[data-email='{bo.Email}']")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(beta.Locator($".room-member.away[data-email='{cy.Email}']")).ToHaveCountAsync(1);
        await Expect(alpha.Locator(".room-here-count")).ToHaveTextAsync("1 here");
        await Expect(beta.Locator(".room-here-count")).ToHaveTextAsync("1 here");
        await Expect(alpha.Locator(".room-message-count")).ToHaveTextAsync("0 messages");
        // The facilitator stays in the plenary, where nobody in a breakout is listed.
        await Expect(fac.RoomId).ToHaveTextAsync(plenary);
        await Expect(fac.Presence).ToHaveCountAsync(1, new() { Timeout = Timeout });

        // Messages count live, per room.
        await annPage.SendAsync("First idea");
        await annPage.SendAsync("Second idea");
        await Expect(alpha.Locator(".room-message-count")).ToHaveTextAsync("2 messages", new() { Timeout = Timeout });
        await Expect(beta.Locator(".room-message-count")).ToHaveTextAsync("0 messages");

        // A help request shows on its room.
        await boPage.Page.Locator("#help-text").FillAsync("Need a hand");
        await boPage.Page.Locator("#help-button").ClickAsync();
        await Expect(beta.Locator(".room-help-count")).ToHaveTextAsync("1 help request waiting", new() { Timeout = Timeout });
        await Expect(alpha.Locator(".room-help-count")).ToHaveCountAsync(0);

        // Bo leaves for another page: he is away from Beta once his grace period is over.
        await boPage.Page.Locator("#account-bar a[href='#/groups']").ClickAsync();
        await Expect(beta.Locator($".room-member.away[data-email='{bo.Email}']")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(beta.Locator(".room-here-count")).ToHaveTextAsync("nobody here");

        // A facilitator who joins a room is listed there as visiting, and the overview goes on meanwhile.
        await alpha.Locator(".join-room").ClickAsync();
        await Expect(fac.RoomId).ToHaveTextAsync($"{plenary}-r1-1", new() { Timeout = Timeout });
        await Expect(alpha.Locator($".room-visitor[data-email='{facilitator.Email}']")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await annPage.SendAsync("Third idea");
        await Expect(alpha.Locator(".room-message-count")).ToHaveTextAsync("3 messages", new() { Timeout = Timeout });

        // The console takes the page (the chat keeps a column beside it); it can go back beside the chat, and stays so.
        var wide = new Regex(@"\bconsole-wide\b");
        await Expect(f.Locator("#room-view")).ToHaveClassAsync(wide);
        Assert.True(await WidthAsync(f, ".room-side") > await WidthAsync(f, ".room-main"));
        await fac.ScreenshotAsync("meeting-console-overview");
        await f.Locator("#console-wide").ClickAsync();
        await Expect(f.Locator("#room-view")).Not.ToHaveClassAsync(wide);
        await Expect(f.Locator("#console-wide")).ToHaveAttributeAsync("aria-pressed", "false");
        Assert.True(await WidthAsync(f, ".room-side") < await WidthAsync(f, ".room-main"));
        await f.ReloadAsync();
        await Expect(f.Locator("#console-wide")).ToHaveAttributeAsync("aria-pressed", "false", new() { Timeout = Timeout });
        await Expect(f.Locator("#room-view")).Not.ToHaveClassAsync(wide);
        // Participants have no console to widen.
        await Expect(annPage.Page.Locator("#room-view")).Not.ToHaveClassAsync(wide);
        AssertNoPageProblems();
    }

    [Fact]
    public async Task The_console_moves_people_by_drag_and_drop_or_keyboard_and_follows_self_select_choices_live()
    {
        const string title = "Assignment board rehearsal";
        var (meetingId, facilitator, participants) = await CreateMeetingAsync(title, ["IE"], 3);
        var plenary = $"m-{meetingId}-s1";
        var (ann, bo, cy) = (participants[0].User, participants[1].User, participants[2].User);
        var fac = await SignInAsync(facilitator);
        var annPage = await SignInAsync(ann);
        foreach (var page in new[] { fac, annPage })
        {
            await OpenMeetingAsync(page, title, plenary);
        }
        var f = fac.Page;
        var (east, west) = ($"{plenary}-r1-1", $"{plenary}-r1-2");
        await f.Locator("#draft-names").FillAsync("East\nWest");
        await f.Locator("#draft-button").ClickAsync();
        await Expect(f.Locator("#assign-box")).ToBeVisibleAsync(new() { Timeout = Timeout });
        await f.Locator("#assign-mode").SelectOptionAsync("selfSelect");
        await f.Locator("#assign-cap").FillAsync("3");
        await f.Locator("#assign-button").ClickAsync();
        var pool = f.Locator("#unassigned-pool .room-member");
        await Expect(pool).ToHaveCountAsync(3, new() { Timeout = Timeout });
        var eastRoom = f.Locator($"#breakout-rooms > li[data-room-id='{east}']");
        var westRoom = f.Locator($"#breakout-rooms > li[data-room-id='{west}']");

        // A participant's choice shows in the facilitator's preview at once, with no action of theirs.
        await annPage.Page.Locator("#choose-list .choose-room").First.ClickAsync();
        await Expect(eastRoom.Locator($".room-member[data-email='{ann.Email}']")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(pool).ToHaveCountAsync(2);

        // Drag and drop: Bo from "not in a room yet" into West.
        await f.Locator($"#unassigned-pool .room-member[data-email='{bo.Email}']").DragToAsync(westRoom);
        await Expect(westRoom.Locator($".room-member[data-email='{bo.Email}']")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(pool).ToHaveCountAsync(1);

        // The keyboard: Enter picks Ann up, "Move here" on West puts her there, and she keeps the focus.
        var annPick = eastRoom.Locator($".member-pick[data-email='{ann.Email}']");
        await annPick.FocusAsync();
        await f.Keyboard.PressAsync("Enter");
        await Expect(annPick).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(eastRoom.Locator(".drop-here")).ToHaveCountAsync(0);
        await westRoom.Locator(".drop-here").FocusAsync();
        await f.Keyboard.PressAsync("Enter");
        await Expect(westRoom.Locator($".room-member[data-email='{ann.Email}']")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(eastRoom.Locator(".room-member")).ToHaveCountAsync(0);
        await Expect(f.Locator($"#breakout-rooms .member-pick[data-email='{ann.Email}']")).ToBeFocusedAsync();
        await Expect(f.Locator("#announcer")).ToContainTextAsync(Text("console.movedTo").Replace("{name}", ann.DisplayName, StringComparison.Ordinal).Replace("{room}", "West", StringComparison.Ordinal));

        // Escape puts a picked person back: nothing moves.
        var cyPick = f.Locator($"#unassigned-pool .member-pick[data-email='{cy.Email}']");
        await cyPick.FocusAsync();
        await f.Keyboard.PressAsync("Space");
        await Expect(cyPick).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(f.Locator("#breakout-rooms .drop-here")).ToHaveCountAsync(2);
        await westRoom.Locator(".drop-here").FocusAsync();
        await f.Keyboard.PressAsync("Escape");
        await Expect(f.Locator("#breakout-rooms .drop-here")).ToHaveCountAsync(0);
        await Expect(cyPick).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(pool).ToHaveCountAsync(1);

        // The moves are the meeting's: the participant's own view says where she is.
        await Expect(annPage.Page.Locator("#choose-list .choose-room").Nth(1)).ToHaveTextAsync(Text("meeting.chosen"), new() { Timeout = Timeout });
        AssertNoPageProblems();
    }

    [Fact]
    public async Task The_console_assigns_by_self_select_manual_and_CSV_then_extends_moves_moderates_and_closes_all()
    {
        const string title = "Console rehearsal";
        var (meetingId, facilitator, participants) = await CreateMeetingAsync(title, ["JP", "MX"], 2);
        var plenary = $"m-{meetingId}-s1";
        var fac = await SignInAsync(facilitator);
        var people = new List<ChatPage>();
        foreach (var (user, _) in participants)
        {
            var page = await SignInAsync(user);
            await OpenMeetingAsync(page, title, plenary);
            people.Add(page);
        }
        await OpenMeetingAsync(fac, title, plenary);
        var f = fac.Page;
        var north = $"{plenary}-r1-1";
        var south = $"{plenary}-r1-2";

        await f.Locator("#draft-names").FillAsync("North\nSouth");
        await f.Locator("#draft-button").ClickAsync();
        await Expect(f.Locator("#breakout-rooms > li")).ToHaveCountAsync(2, new() { Timeout = Timeout });

        // Self-select with a cap of 1: the first one gets North, the second is told it is full.
        await f.Locator("#assign-mode").SelectOptionAsync("selfSelect");
        await f.Locator("#assign-cap").FillAsync("1");
        await f.Locator("#assign-button").ClickAsync();
        await Expect(f.Locator("#console-error")).ToBeHiddenAsync();
        // Assigning sends no notice of its own: the facilitator tells people to choose.
        await f.Locator("#broadcast-text").FillAsync("Choose your room now.");
        await f.Locator("#broadcast-button").ClickAsync();
        var first = people[0].Page.Locator("#choose-list .choose-room").First;
        await Expect(first).ToBeVisibleAsync(new() { Timeout = Timeout });
        await first.ClickAsync();
        await Expect(first).ToHaveTextAsync(Text("meeting.chosen"), new() { Timeout = Timeout });
        await people[1].Page.Locator("#choose-list .choose-room").First.ClickAsync();
        await Expect(people[1].Page.Locator("#meeting-error")).ToHaveTextAsync(Text("error.room_full"), new() { Timeout = Timeout });

        // Manual: the facilitator places one person, the preview shows it.
        await f.Locator("#assign-mode").SelectOptionAsync("manual");
        await f.Locator($"#manual-list select[data-email='{participants[3].User.Email}']").SelectOptionAsync(south);
        await f.Locator("#assign-button").ClickAsync();
        await Expect(f.Locator($"#breakout-rooms > li[data-room-id='{south}'] .room-member")).ToHaveTextAsync(
            [$"{participants[3].User.DisplayName} · MX"], new() { Timeout = Timeout });

        // CSV: names or numbers for rooms; a bad line is named in the error, and nothing changes.
        await f.Locator("#assign-mode").SelectOptionAsync("csv");
        await f.Locator("#assign-csv").FillAsync($"email,room\nnobody@nowhere.example,North");
        await f.Locator("#assign-button").ClickAsync();
        await Expect(f.Locator("#console-error")).ToBeVisibleAsync(new() { Timeout = Timeout });
        var csv = string.Join("\n",
            $"{participants[0].User.Email},North", $"{participants[1].User.Email},1",
            $"{participants[2].User.Email},South", $"{participants[3].User.Email},2");
        // The roster comes as an uploaded file: it lands in the box, checked, then assigned.
        await f.Locator("#assign-csv-file").SetInputFilesAsync(new FilePayload
        {
            Name = "rooms.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv),
        });
        await Expect(f.Locator("#assign-csv")).ToHaveValueAsync(csv, new() { Timeout = Timeout });
        await f.Locator("#assign-button").ClickAsync();
        await Expect(f.Locator("#console-error")).ToBeHiddenAsync(new() { Timeout = Timeout });
        await Expect(f.Locator($"#breakout-rooms > li[data-room-id='{north}'] .room-member")).ToHaveCountAsync(2, new() { Timeout = Timeout });
        await Expect(f.Locator($"#breakout-rooms > li[data-room-id='{south}'] .room-member")).ToHaveCountAsync(2);

        // Open for 30 minutes, then extend by 10: the countdown follows.
        await f.Locator("#open-duration").FillAsync("30");
        await f.Locator("#open-warnings").FillAsync("5, 1");
        await f.Locator("#open-button").ClickAsync();
        await Expect(people[0].RoomId).ToHaveTextAsync(north, new() { Timeout = Timeout });
        await Expect(people[2].RoomId).ToHaveTextAsync(south, new() { Timeout = Timeout });
        var countdown = people[2].Page.Locator("#meeting-countdown");
        await Expect(countdown).ToHaveAttributeAsync("data-seconds-left", new Regex("^1[78]\\d\\d$"), new() { Timeout = Timeout });
        await f.Locator("#extend-minutes").FillAsync("10");
        await f.Locator("#extend-button").ClickAsync();
        await Expect(countdown).ToHaveAttributeAsync("data-seconds-left", new Regex("^2[34]\\d\\d$"), new() { Timeout = Timeout });

        // Move: the participant's page follows into the other room.
        await people[0].SendAsync("said in North");
        await people[0].AllSentAsync();
        await f.Locator("#move-email").SelectOptionAsync(participants[0].User.Email);
        await f.Locator("#move-room").SelectOptionAsync(south);
        await f.Locator("#move-button").ClickAsync();
        await Expect(people[0].RoomId).ToHaveTextAsync(south, new() { Timeout = Timeout });
        await people[0].SendAsync("now in South");
        await people[0].AllSentAsync();

        // Moderation: the facilitator joins South and deletes a participant's message.
        await f.Locator($"#breakout-rooms > li[data-room-id='{south}'] .join-room").ClickAsync();
        await Expect(fac.RoomId).ToHaveTextAsync(south, new() { Timeout = Timeout });
        var message = fac.MessageWith("now in South");
        await message.Locator("[data-tool=delete]").ClickAsync();
        await message.Locator("[data-tool=confirm-delete]").ClickAsync();
        await Expect(people[2].Page.Locator("#message-list .message-deleted-text")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        await Expect(people[2].MessageWith("now in South")).ToHaveCountAsync(0);

        // Mute from the presence list: the muted participant's page learns it from the notice and disables
        // the composer, saying why (the server refuses with "muted" anyway).
        var muteButton = f.Locator($"#presence-list > li[data-user-id='{participants[2].User.Email}'] .mute-button");
        await muteButton.ClickAsync();
        await Expect(muteButton).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = Timeout });
        await Expect(people[2].Composer).ToBeDisabledAsync(new() { Timeout = Timeout });
        await Expect(people[2].Composer).ToHaveAttributeAsync("placeholder", Text("room.muted"));

        // Close all: everyone is back in the plenary at once, with both outcomes.
        await f.Locator("#close-button").ClickAsync();
        await f.Locator("#close-confirm").ClickAsync();
        foreach (var page in people.Append(fac))
        {
            await Expect(page.RoomId).ToHaveTextAsync(plenary, new() { Timeout = Timeout });
            await Expect(page.Page.Locator("#outcome-rounds li.outcome")).ToHaveCountAsync(2, new() { Timeout = Timeout });
        }
        AssertNoPageProblems();
    }

    [Fact]
    public async Task The_meeting_page_in_Arabic_runs_right_to_left_with_the_Arabic_resources()
    {
        const string title = "اجتماع تجريبي";
        var (meetingId, facilitator, participants) = await CreateMeetingAsync(title, ["EG", "AE"], 1);
        var plenary = $"m-{meetingId}-s1";
        var fac = await SignInAsync(facilitator);
        var member = await SignInAsync(participants[0].User);
        foreach (var page in new[] { fac, member })
        {
            await page.Page.Locator("#language-select").SelectOptionAsync("ar");
            await Expect(page.Page.Locator("html")).ToHaveAttributeAsync("dir", "rtl", new() { Timeout = Timeout });
            await page.Page.Locator("#account-bar a[href='#/meetings']").ClickAsync();
            await Expect(page.Page.Locator("#meetings-heading")).ToHaveTextAsync(ChatPage.Resource("ar", "meetings.heading"), new() { Timeout = Timeout });
            await page.Page.Locator("#meeting-list a", new() { HasText = title }).ClickAsync();
            await Expect(page.RoomId).ToHaveTextAsync(plenary, new() { Timeout = Timeout });
            await Expect(page.Page.Locator("#meeting-where")).ToHaveTextAsync(ChatPage.Resource("ar", "meeting.inPlenary"), new() { Timeout = Timeout });
            // Mirrored: the side panel sits on the left of the chat.
            var side = await page.Page.Locator(".room-side").BoundingBoxAsync();
            var main = await page.Page.Locator(".room-main").BoundingBoxAsync();
            Assert.True(side!.X < main!.X, "the side panel should be on the left in Arabic");
        }
        await Expect(fac.Page.Locator("#console-heading")).ToHaveTextAsync(ChatPage.Resource("ar", "console.heading"));
        await fac.Page.Locator("#draft-fill").ClickAsync();
        await Expect(fac.Page.Locator("#draft-names")).ToHaveValueAsync(new Regex(Regex.Escape(ChatPage.Resource("ar", "console.defaultRoomName").Replace("{n}", "١", StringComparison.Ordinal)) + "|" +
            Regex.Escape(ChatPage.Resource("ar", "console.defaultRoomName").Replace("{n}", "1", StringComparison.Ordinal))));
        await fac.Page.Locator("#draft-button").ClickAsync();
        await Expect(fac.Page.Locator("#breakout-phase")).ToHaveTextAsync(ChatPage.Resource("ar", "phase.draft").Replace("{round}", "1", StringComparison.Ordinal), new() { Timeout = Timeout });
        await Expect(member.Page.Locator("#help-button")).ToHaveTextAsync(ChatPage.Resource("ar", "help.submit"));
        await fac.ScreenshotAsync("meeting-ar-facilitator");
        await member.ScreenshotAsync("meeting-ar-participant");
        AssertNoPageProblems();
    }
}
