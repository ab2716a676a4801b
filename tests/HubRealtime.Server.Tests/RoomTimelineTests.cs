using HubRealtime.Abstractions.Rooms;
using HubRealtime.Client;

namespace HubRealtime.Server.Tests;

/// <summary>The .NET client's timeline applies events by the protocol's rules (no server needed).</summary>
public sealed class RoomTimelineTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static readonly EventActor Ann = new("ann", "Ann");

    private static RoomEvent Msg(long seq, string text) =>
        new("r", seq, RoomEventKind.Message, At, Ann, new MessagePayload($"c{seq}", text, null, null, false, []));

    private static RoomEvent Edit(long seq, long target, string text) =>
        new("r", seq, RoomEventKind.Edit, At.AddMinutes(seq), Ann, new EditPayload(target, text));

    private static RoomEvent Delete(long seq, long target) =>
        new("r", seq, RoomEventKind.Delete, At.AddMinutes(seq), Ann, new DeletePayload(target));

    [Fact]
    public void Duplicates_are_dropped_a_gap_stops_and_changes_apply_to_their_targets()
    {
        var timeline = new RoomTimeline();

        Assert.True(timeline.Apply([Msg(1, "a"), Msg(2, "b")]));
        Assert.True(timeline.Apply([Msg(2, "b"), Edit(3, 1, "a2")])); // 2 again: dropped
        Assert.False(timeline.Apply([Delete(5, 2)]));                  // 4 is missing
        Assert.Equal(3, timeline.LastSeq);
        Assert.True(timeline.Apply([
            new RoomEvent("r", 4, RoomEventKind.Reaction, At, new EventActor("bo", "Bo"), new ReactionPayload(2, "👍", true, [new ReactionSummary("👍", ["bo"])])),
            Delete(5, 2),
            Edit(6, 99, "unknown target: skipped"),
            new RoomEvent("r", 7, RoomEventKind.Notice, At, new EventActor("#system", ""), new NoticePayload("broadcast", new BroadcastNotice("Hello", "Fa"))),
        ]));

        Assert.Collection(timeline.Messages,
            m => Assert.Equal(("a2", (DateTimeOffset?)At.AddMinutes(3)), (m.Text(), m.EditedAt())),
            m => Assert.Equal(("", true, 0), (m.Text(), m.Deleted(), m.Reactions().Count)));
        Assert.Equal("broadcast", Assert.Single(timeline.Notices).NoticeType());
        Assert.Equal(7, timeline.LastSeq);
    }

    [Fact]
    public void Snapshot_and_history_rows_keep_the_newest_state()
    {
        var timeline = new RoomTimeline();
        timeline.Load(new RoomSnapshot(new RoomInfo("r", "Room", At, "ann"), [Msg(3, "c"), Edit(4, 3, "c2")], 4));
        timeline.Apply([Edit(5, 3, "c3")]);

        timeline.AddHistory(new RoomEventPage([Msg(1, "a"), Msg(3, "stale copy")], 5));

        Assert.Equal(["a", "c3"], timeline.Messages.Select(m => m.Text()));
        Assert.Equal(5, timeline.LastSeq);
    }
}
