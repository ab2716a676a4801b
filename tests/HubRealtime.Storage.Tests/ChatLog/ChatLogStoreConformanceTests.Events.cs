using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage;

namespace HubRealtime.Storage.Tests.ChatLog;

/// <summary>The room event stream part of the contract: changes applied atomically to their target, and retention purges.</summary>
public abstract partial class ChatLogStoreConformanceTests
{
    private static ChatMessage Change(string room, long seq, RoomEventKind kind, long target, string text = "", string sender = "user-1") =>
        new(room, seq, "", sender, $"Name of {sender}", text, BaseTime.AddSeconds(seq), kind, TargetSeq: target);

    [Fact]
    public async Task Every_event_field_round_trips()
    {
        var room = NewRoom("fields");
        ChatMessage[] events =
        [
            Message(room, 1) with { ReplyToSeq = null },
            Message(room, 2) with { ReplyToSeq = 1 },
            new(room, 3, "", "#system", "", """{"round":1,"rooms":["a"]}""", BaseTime, RoomEventKind.Notice, NoticeType: "breakouts.opened"),
            new(room, 4, "", "#system", "", "{}", BaseTime, RoomEventKind.Notice, NoticeType: "broadcast"), // two notices, no client id: no conflict
        ];

        await Store.AppendAsync(room, events);

        Assert.Equal(events, await Store.ReadRangeAsync(room, 1, 10, 10));
        Assert.Null(await Store.FindByClientMessageIdAsync(room, "#system", ""));
    }

    [Fact]
    public async Task Edit_and_reaction_update_the_target_row_with_their_event()
    {
        var room = NewRoom("apply");
        await Store.AppendAsync(room, Messages(room, 1, 2));
        var edited = Message(room, 1) with { Text = "edited", EditedAt = BaseTime.AddHours(1) };
        var reacted = edited with { Reactions = [new ReactionSummary("👍", ["user-2", "user-3"]), new ReactionSummary("🎉", ["user-2"])] };

        await Store.ApplyAsync(room, Change(room, 3, RoomEventKind.Edit, 1, "edited") with { EditedAt = edited.EditedAt }, edited);
        await Store.ApplyAsync(room, Change(room, 4, RoomEventKind.Reaction, 1, "👍") with { Reactions = reacted.Reactions }, reacted);

        var read = await Store.ReadRangeAsync(room, 1, 10, 10);
        Assert.Equal(4, read.Count);
        Assert.Equal(reacted, read[0]);
        Assert.Equal(Message(room, 2), read[1]);
        Assert.Equal((RoomEventKind.Edit, 1L, "edited"), (read[2].Kind, read[2].TargetSeq, read[2].Text));
        Assert.Equal(reacted.Reactions, read[3].Reactions);
        Assert.Equal(4, await Store.GetLastSeqAsync(room));
        Assert.Equal(reacted, await Store.FindByClientMessageIdAsync(room, "user-1", "cid-1"));
    }

    [Fact]
    public async Task Delete_erases_the_text_of_the_message_and_of_its_earlier_edits()
    {
        var room = NewRoom("erase");
        await Store.AppendAsync(room, [Message(room, 1, text: "secret"), Message(room, 2, text: "other")]);
        var v1 = Message(room, 1) with { Text = "secret v2", EditedAt = BaseTime };
        await Store.ApplyAsync(room, Change(room, 3, RoomEventKind.Edit, 1, "secret v2"), v1);
        await Store.ApplyAsync(room, Change(room, 4, RoomEventKind.Edit, 2, "other v2"), Message(room, 2) with { Text = "other v2" });

        await Store.ApplyAsync(room, Change(room, 5, RoomEventKind.Delete, 1) with { Deleted = true }, v1 with { Text = "", Deleted = true });

        await ReopenAsync();
        var read = await Store.ReadRangeAsync(room, 1, 10, 10);
        Assert.All(read, m => Assert.DoesNotContain("secret", m.Text));
        Assert.True(read[0].Deleted);
        Assert.Equal("other v2", read[3].Text); // another message's edit keeps its text
    }

    [Fact]
    public async Task A_change_to_a_missing_target_or_an_existing_seq_conflicts_and_stores_nothing()
    {
        var room = NewRoom("applyconflict");
        await Store.AppendAsync(room, Messages(room, 1, 2));

        await Assert.ThrowsAsync<ChatLogConflictException>(
            () => Store.ApplyAsync(room, Change(room, 3, RoomEventKind.Edit, 9, "x"), Message(room, 9) with { Text = "x" }));
        await Assert.ThrowsAsync<ChatLogConflictException>(
            () => Store.ApplyAsync(room, Change(room, 2, RoomEventKind.Edit, 1, "x"), Message(room, 1) with { Text = "x" }));

        Assert.Equal(Messages(room, 1, 2), await Store.ReadRangeAsync(room, 1, 10, 10));
        Assert.Equal(2, await Store.GetLastSeqAsync(room));
    }

    [Fact]
    public async Task Edits_of_one_message_are_bounded()
    {
        var room = NewRoom("editcap");
        await Store.AppendAsync(room, [Message(room, 1)]);
        for (var i = 0; i < ChatLimits.MaxEditsPerMessage; i++)
        {
            await Store.ApplyAsync(room, Change(room, 2 + i, RoomEventKind.Edit, 1, $"v{i}"), Message(room, 1) with { Text = $"v{i}" });
        }

        await Assert.ThrowsAsync<ChatLogLimitException>(
            () => Store.ApplyAsync(room, Change(room, 100, RoomEventKind.Edit, 1, "again"), Message(room, 1) with { Text = "again" }));
        Assert.Equal(1 + ChatLimits.MaxEditsPerMessage, await Store.GetLastSeqAsync(room));
    }

    [Fact]
    public async Task Purge_removes_a_bounded_prefix_of_expired_events_and_their_index_entries()
    {
        var room = NewRoom("purge");
        var all = Messages(room, 1, 80); // sent at BaseTime + seq seconds
        await Store.AppendAsync(room, all);
        await Store.ApplyAsync(room, Change(room, 81, RoomEventKind.Edit, 2, "edited"), Message(room, 2) with { Text = "edited" });
        var cutoff = BaseTime.AddSeconds(71); // seqs 1..70 are expired

        Assert.Equal(50, await Store.PurgeBeforeAsync(room, cutoff, 50));
        Assert.Equal(20, await Store.PurgeBeforeAsync(room, cutoff, 50));
        Assert.Equal(0, await Store.PurgeBeforeAsync(room, cutoff, 50));

        var left = await Store.ReadRangeAsync(room, 1, 100, 100);
        Assert.Equal(Enumerable.Range(71, 11).Select(i => (long)i), left.Select(m => m.Seq));
        Assert.Null(await Store.FindByClientMessageIdAsync(room, "user-1", "cid-70"));
        // A read starting in the purged prefix gets the first events left (a resume must not get an empty page).
        Assert.Equal([71L, 72, 73], (await Store.ReadRangeAsync(room, 1, 100, 3)).Select(m => m.Seq));
        Assert.Empty(await Store.ReadRangeAsync(room, 1, 70, 10));
        Assert.Equal(all[70], await Store.FindByClientMessageIdAsync(room, "user-1", "cid-71"));

        // Purging everything keeps the sequence: the next append continues it.
        Assert.Equal(11, await Store.PurgeBeforeAsync(room, BaseTime.AddDays(1), 100));
        Assert.Equal(81, await Store.GetLastSeqAsync(room));
        await ReopenAsync();
        Assert.Equal(81, await Store.GetLastSeqAsync(room));
        await Store.AppendAsync(room, [Message(room, 82, clientId: "cid-1")]); // a purged client id is free again
        Assert.Equal(82, await Store.GetLastSeqAsync(room));
    }
}
