using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage;

namespace HubRealtime.Storage.Tests.ChatLog;

/// <summary>
/// The contract of <see cref="IChatLogStore"/>, written once and run against every provider. Each test
/// uses its own room ids, so tests share nothing but the store.
/// </summary>
public abstract partial class ChatLogStoreConformanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset BaseTime = new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    protected IChatLogStore Store { get; private set; } = null!;

    /// <summary>Opens the store on the provider's data; opening again after <see cref="CloseStoreAsync"/> must see the same data.</summary>
    protected abstract Task<IChatLogStore> OpenStoreAsync();

    /// <summary>Releases everything the current store object holds (files, connections).</summary>
    protected abstract Task CloseStoreAsync();

    public async Task InitializeAsync() => Store = await OpenStoreAsync();

    public virtual Task DisposeAsync() => CloseStoreAsync();

    private async Task ReopenAsync()
    {
        await CloseStoreAsync();
        Store = await OpenStoreAsync();
    }

    private static string NewRoom(string label) => $"{label}-{Guid.NewGuid():N}";

    private static ChatMessage Message(string room, long seq, string sender = "user-1", string? clientId = null, string? text = null) =>
        new(room, seq, clientId ?? $"cid-{seq}", sender, $"Name of {sender}", text ?? $"message {seq} in {room}", BaseTime.AddSeconds(seq));

    private static List<ChatMessage> Messages(string room, long from, long to) =>
        [.. Enumerable.Range(0, (int)(to - from + 1)).Select(i => Message(room, from + i))];

    [Fact]
    public async Task Empty_room_has_last_seq_zero_and_no_messages()
    {
        var room = NewRoom("empty");

        Assert.Equal(0, await Store.GetLastSeqAsync(room));
        Assert.Empty(await Store.ReadRangeAsync(room, 1, long.MaxValue, 100));
        Assert.Null(await Store.FindByClientMessageIdAsync(room, "user-1", "cid-1"));
    }

    [Fact]
    public async Task Appended_messages_read_back_in_order_with_every_field()
    {
        var room = NewRoom("order");
        var first = Messages(room, 1, 5);
        var second = Messages(room, 6, 8);

        await Store.AppendAsync(room, first);
        await Store.AppendAsync(room, second);

        var read = await Store.ReadRangeAsync(room, 1, 100, 100);
        Assert.Equal([.. first, .. second], read);
        Assert.Equal(8, await Store.GetLastSeqAsync(room));
    }

    [Fact]
    public async Task Read_range_respects_bounds_and_limit()
    {
        var room = NewRoom("range");
        var all = Messages(room, 1, 20);
        await Store.AppendAsync(room, all);

        Assert.Equal(all[4..9], await Store.ReadRangeAsync(room, 5, 9, 100));
        Assert.Equal(all[4..7], await Store.ReadRangeAsync(room, 5, 100, 3));
        Assert.Equal(all[17..20], await Store.ReadRangeAsync(room, 18, 30, 10));
        Assert.Equal(all[6..7], await Store.ReadRangeAsync(room, 7, 7, 10));
        Assert.Equal(all[0..2], await Store.ReadRangeAsync(room, 0, 2, 10));
        Assert.Equal(all, await Store.ReadRangeAsync(room, 1, long.MaxValue, ChatLimits.MaxPageSize));
        Assert.Empty(await Store.ReadRangeAsync(room, 21, 30, 10));
        Assert.Empty(await Store.ReadRangeAsync(room, 9, 5, 10));
        Assert.Empty(await Store.ReadRangeAsync(room, 1, 20, 0));
    }

    [Fact]
    public async Task Last_seq_follows_many_appends_including_batches_larger_than_fifty()
    {
        var room = NewRoom("many");
        for (var batch = 0; batch < 30; batch++)
        {
            await Store.AppendAsync(room, Messages(room, (batch * 10) + 1, (batch + 1) * 10));
        }
        Assert.Equal(300, await Store.GetLastSeqAsync(room));

        var large = Messages(room, 301, 420); // more messages than one Azure transaction holds
        await Store.AppendAsync(room, large);

        Assert.Equal(420, await Store.GetLastSeqAsync(room));
        Assert.Equal(large, await Store.ReadRangeAsync(room, 301, 420, ChatLimits.MaxPageSize));
        Assert.Equal(Messages(room, 1, 200), await Store.ReadRangeAsync(room, 1, 420, ChatLimits.MaxPageSize));
    }

    [Fact]
    public async Task Duplicate_seq_conflicts_and_stores_nothing_of_the_batch()
    {
        var room = NewRoom("dupseq");
        var existing = Messages(room, 1, 3);
        await Store.AppendAsync(room, existing);

        ChatMessage[] batch = [Message(room, 4), Message(room, 5), Message(room, 3, clientId: "other", text: "overwrite?"), Message(room, 6)];
        await Assert.ThrowsAsync<ChatLogConflictException>(() => Store.AppendAsync(room, batch));

        Assert.Equal(3, await Store.GetLastSeqAsync(room));
        Assert.Equal(existing, await Store.ReadRangeAsync(room, 1, 100, 100));
        Assert.Null(await Store.FindByClientMessageIdAsync(room, "user-1", "cid-4"));
        Assert.Null(await Store.FindByClientMessageIdAsync(room, "user-1", "other"));

        // The log is still usable: the next batch that fits goes in.
        await Store.AppendAsync(room, Messages(room, 4, 6));
        Assert.Equal(6, await Store.GetLastSeqAsync(room));
    }

    [Fact]
    public async Task Conflict_late_in_a_batch_larger_than_fifty_stores_nothing_of_the_batch()
    {
        var room = NewRoom("dupbig");
        var existing = Messages(room, 1, 10);
        await Store.AppendAsync(room, existing);

        // 11..79 are new; the last message reuses seq 5, so the conflict is in the second transaction chunk.
        List<ChatMessage> batch = [.. Messages(room, 11, 79), Message(room, 5, clientId: "late-duplicate")];
        await Assert.ThrowsAsync<ChatLogConflictException>(() => Store.AppendAsync(room, batch));

        Assert.Equal(10, await Store.GetLastSeqAsync(room));
        Assert.Equal(existing, await Store.ReadRangeAsync(room, 1, 100, 100));
        Assert.Null(await Store.FindByClientMessageIdAsync(room, "user-1", "cid-11"));
    }

    [Fact]
    public async Task Duplicate_sender_and_client_message_id_conflicts()
    {
        var room = NewRoom("dupcid");
        var first = Message(room, 1, sender: "alice", clientId: "same");
        await Store.AppendAsync(room, [first]);

        await Assert.ThrowsAsync<ChatLogConflictException>(
            () => Store.AppendAsync(room, [Message(room, 2, sender: "alice", clientId: "same", text: "again")]));
        Assert.Equal(1, await Store.GetLastSeqAsync(room));
        Assert.Equal(first, await Store.FindByClientMessageIdAsync(room, "alice", "same"));

        // The same client id from another sender is a different message.
        var other = Message(room, 2, sender: "bob", clientId: "same");
        await Store.AppendAsync(room, [other]);
        Assert.Equal(other, await Store.FindByClientMessageIdAsync(room, "bob", "same"));
        Assert.Equal(2, await Store.GetLastSeqAsync(room));
    }

    [Fact]
    public async Task Duplicates_inside_one_batch_conflict_and_store_nothing()
    {
        var room = NewRoom("dupinside");

        await Assert.ThrowsAsync<ChatLogConflictException>(
            () => Store.AppendAsync(room, [Message(room, 1), Message(room, 2), Message(room, 2, clientId: "x")]));
        await Assert.ThrowsAsync<ChatLogConflictException>(
            () => Store.AppendAsync(room, [Message(room, 1, clientId: "y"), Message(room, 2, clientId: "y")]));

        Assert.Equal(0, await Store.GetLastSeqAsync(room));
        Assert.Empty(await Store.ReadRangeAsync(room, 1, 10, 10));
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_seq_one_wins_one_conflicts()
    {
        var room = NewRoom("race");
        var a = Message(room, 1, sender: "alice", clientId: "a1");
        var b = Message(room, 1, sender: "bob", clientId: "b1");

        var results = await Task.WhenAll(Attempt(a), Attempt(b));

        Assert.Single(results, r => r is null);
        Assert.IsType<ChatLogConflictException>(Assert.Single(results, r => r is not null));
        var stored = Assert.Single(await Store.ReadRangeAsync(room, 1, 10, 10));
        Assert.Contains(stored, new[] { a, b });
        Assert.Equal(1, await Store.GetLastSeqAsync(room));

        async Task<Exception?> Attempt(ChatMessage message)
        {
            try
            {
                await Store.AppendAsync(room, [message]);
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }
    }

    [Fact]
    public async Task Find_by_client_message_id_hits_and_misses()
    {
        var room = NewRoom("find");
        var messages = Messages(room, 1, 5);
        await Store.AppendAsync(room, messages);

        Assert.Equal(messages[2], await Store.FindByClientMessageIdAsync(room, "user-1", "cid-3"));
        Assert.Null(await Store.FindByClientMessageIdAsync(room, "user-1", "cid-6"));
        Assert.Null(await Store.FindByClientMessageIdAsync(room, "user-2", "cid-3"));
        Assert.Null(await Store.FindByClientMessageIdAsync(NewRoom("elsewhere"), "user-1", "cid-3"));
    }

    [Fact]
    public async Task Ids_with_separators_and_reserved_characters_stay_distinct()
    {
        var room = NewRoom("keys");
        // Pairs that collide if the sender/client-id separator or escapes were not injective.
        ChatMessage[] messages =
        [
            Message(room, 1, sender: "a|b", clientId: "c"),
            Message(room, 2, sender: "a", clientId: "b|c"),
            Message(room, 3, sender: "x/y\\z#q?r", clientId: "id%20~7c!0041'\"&\t\n"),
            Message(room, 4, sender: "x", clientId: "~7c"),
            Message(room, 5, sender: "x", clientId: "|"),
            Message(room, 6, sender: "", clientId: "-"), // an empty client id means "not indexed" (events other than messages)
            Message(room, 7, sender: new string('s', 500), clientId: new string('c', ChatLimits.MaxClientMessageIdLength)),
        ];

        await Store.AppendAsync(room, messages);

        foreach (var message in messages)
        {
            Assert.Equal(message, await Store.FindByClientMessageIdAsync(room, message.SenderId, message.ClientMessageId));
        }
        Assert.Null(await Store.FindByClientMessageIdAsync(room, "a|b|c", ""));
    }

    [Fact]
    public async Task Rooms_are_isolated()
    {
        var roomA = NewRoom("iso-a");
        var roomB = NewRoom("iso-b");
        var a = Messages(roomA, 1, 3);
        var b = Messages(roomB, 1, 2); // same seqs and client ids as in room A: no conflict

        await Store.AppendAsync(roomA, a);
        await Store.AppendAsync(roomB, b);

        Assert.Equal(3, await Store.GetLastSeqAsync(roomA));
        Assert.Equal(2, await Store.GetLastSeqAsync(roomB));
        Assert.Equal(a, await Store.ReadRangeAsync(roomA, 1, 10, 10));
        Assert.Equal(b, await Store.ReadRangeAsync(roomB, 1, 10, 10));
        Assert.Equal(b[0], await Store.FindByClientMessageIdAsync(roomB, "user-1", "cid-1"));
        Assert.Null(await Store.FindByClientMessageIdAsync(roomB, "user-1", "cid-3"));
    }

    [Fact]
    public async Task Unicode_text_and_names_round_trip_exactly()
    {
        var room = NewRoom("unicode");
        // Emoji are surrogate pairs; the long text is exactly the maximum length in UTF-16 units.
        var longText = LongUnicodeText(ChatLimits.MaxTextLength);
        ChatMessage[] messages =
        [
            new(room, 1, "c-ar", "مستخدم-١", "سارة", "مرحبا بالعالم! كيف حالك؟", BaseTime),
            new(room, 2, "c-zh", "用户-二", "王小明", "你好，世界。今天天气很好。", BaseTime.AddTicks(1)),
            new(room, 3, "🎉-id", "emoji-👩‍💻", "Zoë 🦊", "👨‍👩‍👧‍👦 family, 🏳️‍🌈 flag, 👋🏽 wave, e\u0301 combining, \u200f rtl mark", BaseTime.AddTicks(2)),
            new(room, 4, "c-long", "user-1", "Long", longText, BaseTime.AddTicks(3)),
        ];
        Assert.Equal(ChatLimits.MaxTextLength, longText.Length);

        await Store.AppendAsync(room, messages);

        var read = await Store.ReadRangeAsync(room, 1, 10, 10);
        Assert.Equal(messages, read);
        for (var i = 0; i < messages.Length; i++)
        {
            Assert.Equal(messages[i].Text, read[i].Text, StringComparer.Ordinal);
            Assert.Equal(messages[i].SenderName, read[i].SenderName, StringComparer.Ordinal);
            Assert.Equal(messages[i], await Store.FindByClientMessageIdAsync(room, messages[i].SenderId, messages[i].ClientMessageId));
        }
    }

    private static string LongUnicodeText(int length)
    {
        const string unit = "سلام 你好 👋🏽 ";
        var text = new System.Text.StringBuilder(length);
        while (text.Length + unit.Length <= length - 2)
        {
            text.Append(unit);
        }
        return text.Append('x', length - 2 - text.Length).Append("🎉").ToString();
    }

    [Fact]
    public async Task Sent_at_keeps_its_instant_to_the_tick()
    {
        var room = NewRoom("time");
        var sentAt = new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.FromHours(3)).AddTicks(9_876_543);
        await Store.AppendAsync(room, [Message(room, 1) with { SentAt = sentAt }]);

        var read = Assert.Single(await Store.ReadRangeAsync(room, 1, 1, 1));
        Assert.Equal(sentAt.UtcTicks, read.SentAt.UtcTicks);
    }

    [Fact]
    public async Task Data_survives_reopening_the_store()
    {
        var room = NewRoom("reopen");
        var messages = Messages(room, 1, 7);
        await Store.AppendAsync(room, messages);

        await ReopenAsync();

        Assert.Equal(7, await Store.GetLastSeqAsync(room));
        Assert.Equal(messages, await Store.ReadRangeAsync(room, 1, 10, 10));
        Assert.Equal(messages[6], await Store.FindByClientMessageIdAsync(room, "user-1", "cid-7"));
        await Assert.ThrowsAsync<ChatLogConflictException>(() => Store.AppendAsync(room, [Message(room, 7, clientId: "new")]));
        await Store.AppendAsync(room, [Message(room, 8)]);
        Assert.Equal(8, await Store.GetLastSeqAsync(room));
    }
}
