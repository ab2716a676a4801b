using HubRealtime.Abstractions.Rooms;
using HubRealtime.Client;

namespace HubRealtime.Server.Tests;

/// <summary>The .NET client's timeline applies events by the protocol's rules (no server needed).</summary>
public sealed class RoomTimelineTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static ChatMessage Msg(long seq, string text) => new("r", seq, $"c{seq}", "ann", "Ann", text, At);

    private static ChatMessage Change(long seq, RoomEventKind kind, long target, string text = "") =>
        new("r", seq, "", "ann", "Ann", text, At.AddMinutes(seq), kind, TargetSeq: target);

    [Fact]
    public void Duplicates_are_dropped_a_gap_stops_and_changes_apply_to_their_targets()
    {
        var timeline = new RoomTimeline();

        Assert.True(timeline.Apply([Msg(1, "a"), Msg(2, "b")]));
        Assert.True(timeline.Apply([Msg(2, "b"), Change(3, RoomEventKind.Edit, 1, "a2")])); // 2 again: dropped
        Assert.False(timeline.Apply([Change(5, RoomEventKind.Delete, 2)]));                  // 4 is missing
        Assert.Equal(3, timeline.LastSeq);
        Assert.True(timeline.Apply([
            Change(4, RoomEventKind.Reaction, 2, "👍") with { Reactions = [new ReactionSummary("👍", ["bo"])] },
            Change(5, RoomEventKind.Delete, 2),
            Change(6, RoomEventKind.Edit, 99, "unknown target: skipped"),
            new ChatMessage("r", 7, "", "#system", "", "{}", At, RoomEventKind.Notice, NoticeType: "broadcast"),
        ]));

        Assert.Collection(timeline.Messages,
            m => Assert.Equal(("a2", (DateTimeOffset?)At.AddMinutes(3)), (m.Text, m.EditedAt)),
            m => Assert.Equal(("", true, 0), (m.Text, m.Deleted, m.Reactions.Count)));
        Assert.Equal("broadcast", Assert.Single(timeline.Notices).NoticeType);
        Assert.Equal(7, timeline.LastSeq);
    }

    [Fact]
    public void Snapshot_and_history_rows_keep_the_newest_state()
    {
        var timeline = new RoomTimeline();
        timeline.Load(new RoomSnapshot(new RoomInfo("r", "Room", At, "ann"), [Msg(3, "c"), Change(4, RoomEventKind.Edit, 3, "c2")], 4));
        timeline.Apply([Change(5, RoomEventKind.Edit, 3, "c3")]);

        timeline.AddHistory(new MessagePage([Msg(1, "a"), Msg(3, "stale copy")], 5));

        Assert.Equal(["a", "c3"], timeline.Messages.Select(m => m.Text));
        Assert.Equal(5, timeline.LastSeq);
    }
}
