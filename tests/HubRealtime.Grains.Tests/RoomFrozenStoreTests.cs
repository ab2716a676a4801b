using System.Diagnostics;
using HubRealtime.Abstractions.Errors;

namespace HubRealtime.Grains.Tests;

/// <summary>While storage is frozen, callers get an answer well inside the call timeout, and an error means nothing was stored.</summary>
[Collection(FrozenStoreCollection.Name)]
public sealed class RoomFrozenStoreTests(FrozenStoreFixture fixture)
{
    /// <summary>Far below Orleans' 30 s call timeout, far above the attempt bound.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(10);

    private static async Task<(string Code, TimeSpan Took)> ErrorOf(Task call)
    {
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<HubRealtimeException>(() => call.WaitAsync(AnswerWithin));
        return (error.Code, clock.Elapsed);
    }

    [Fact]
    public async Task Sends_to_a_frozen_store_answer_unavailable_store_nothing_and_a_resend_stores_once()
    {
        var room = await TestRooms.CreateAsync(fixture.Grains);
        var roomId = room.GetPrimaryKeyString();
        var first = await room.Send(TestRooms.Ann, new(TestRooms.ClientId(), "before"));
        var ids = Enumerable.Range(0, 3).Select(_ => TestRooms.ClientId()).ToArray();

        fixture.Store.Freeze();
        List<(string Code, TimeSpan Took)> answers;
        try
        {
            var sends = ids.Select(id => room.Send(TestRooms.Ann, new(id, "during " + id))).ToList();
            var edit = room.Edit(TestRooms.Ann, first.Seq, "edited during");
            answers = [.. await Task.WhenAll([.. sends.Select(ErrorOf), ErrorOf(edit)])];
        }
        finally
        {
            fixture.Store.Release();
        }

        Assert.All(answers, a => Assert.Equal(ErrorCodes.Unavailable, a.Code));
        Assert.All(answers, a => Assert.True(a.Took < AnswerWithin, $"answered after {a.Took}"));
        // Released: nothing of the failed calls is stored, nor shown.
        var stored = await fixture.Store.Inner.ReadRangeAsync(roomId, 1, 100, 100);
        Assert.Equal([first.Seq], stored.Select(m => m.Seq));
        Assert.Equal("before", stored[0].Text);
        foreach (var id in ids)
        {
            Assert.Null(await fixture.Store.Inner.FindByClientMessageIdAsync(roomId, TestRooms.Ann.UserId, id));
        }
        Assert.Equal([first.Seq], (await room.GetHistoryAfter(TestRooms.Bo, 0, 50)).Events.Select(m => m.Seq));

        // The room goes on with a dense sequence; a resend of a failed message is stored exactly once.
        var later = await room.Send(TestRooms.Bo, new(TestRooms.ClientId(), "after"));
        var resent = await room.Send(TestRooms.Ann, new(ids[0], "during " + ids[0]));
        var again = await room.Send(TestRooms.Ann, new(ids[0], "during " + ids[0]));
        Assert.Equal((2L, 3L, false), (later.Seq, resent.Seq, resent.Duplicate));
        Assert.Equal((3L, true), (again.Seq, again.Duplicate));
        var history = (await room.GetHistoryAfter(TestRooms.Bo, 0, 50)).Events;
        Assert.Equal([1L, 2, 3], history.Select(m => m.Seq));
        Assert.Equal([1L, 2, 3], (await fixture.Store.Inner.ReadRangeAsync(roomId, 1, 100, 100)).Select(m => m.Seq));
        Assert.Equal(3, (await room.Join(TestRooms.Bo)).LastSeq);
    }

    [Fact]
    public async Task A_sent_write_left_unanswered_is_not_called_unavailable_and_the_room_resyncs_when_it_lands()
    {
        var room = await TestRooms.CreateAsync(fixture.Grains);
        var roomId = room.GetPrimaryKeyString();
        await room.Send(TestRooms.Ann, new(TestRooms.ClientId(), "before"));
        var id = TestRooms.ClientId();

        fixture.Store.FreezeInFlight();
        (string Code, TimeSpan Took) answer;
        try
        {
            answer = await ErrorOf(room.Send(TestRooms.Ann, new(id, "maybe")));
        }
        finally
        {
            fixture.Store.Release();
        }

        // The write may land later (here it does, on release): the caller must not hear "nothing stored".
        Assert.Equal(ErrorCodes.OutcomeUnknown, answer.Code);
        Assert.True(answer.Took < AnswerWithin, $"answered after {answer.Took}");
        await fixture.Store.LastSentWrite.WaitAsync(AnswerWithin);
        Assert.Equal(2, (await fixture.Store.Inner.FindByClientMessageIdAsync(roomId, TestRooms.Ann.UserId, id))?.Seq);

        // The resend learns the outcome, and the room's memory follows storage: no gap, no second copy.
        var resent = await room.Send(TestRooms.Ann, new(id, "maybe"));
        var next = await room.Send(TestRooms.Bo, new(TestRooms.ClientId(), "next"));
        Assert.Equal((2L, true), (resent.Seq, resent.Duplicate));
        Assert.Equal(3, next.Seq);
        var history = (await room.GetHistoryAfter(TestRooms.Bo, 0, 50)).Events;
        Assert.Equal([1L, 2, 3], history.Select(m => m.Seq));
        Assert.Equal(["before", "maybe", "next"], history.Select(m => m.Text()));
        Assert.Equal([1L, 2, 3], (await room.Join(TestRooms.Bo)).Events.Select(m => m.Seq));
    }

    [Fact]
    public async Task A_long_batch_of_sends_and_edits_on_a_frozen_store_is_answered_in_time_and_stores_nothing()
    {
        var room = await TestRooms.CreateAsync(fixture.Grains);
        var roomId = room.GetPrimaryKeyString();
        var first = await room.Send(TestRooms.Ann, new(TestRooms.ClientId(), "before"));

        fixture.Store.Freeze();
        List<(string Code, TimeSpan Took)> answers;
        try
        {
            // Alternating messages and changes: one queued batch, committed in 30 parts.
            var calls = Enumerable.Range(0, 15).SelectMany(i => new[]
            {
                (Task)room.Send(TestRooms.Ann, new(TestRooms.ClientId(), $"during {i}")),
                room.Edit(TestRooms.Ann, first.Seq, $"edit {i}"),
            }).ToList();
            answers = [.. await Task.WhenAll(calls.Select(ErrorOf))];
        }
        finally
        {
            fixture.Store.Release();
        }

        Assert.All(answers, a => Assert.Equal(ErrorCodes.Unavailable, a.Code));
        Assert.All(answers, a => Assert.True(a.Took < 6 * FrozenStoreFixture.AttemptTimeout, $"answered after {a.Took}"));
        var stored = await fixture.Store.Inner.ReadRangeAsync(roomId, 1, 100, 100);
        Assert.Equal([(1L, "before")], stored.Select(m => (m.Seq, m.Text)));
        Assert.Equal(2, (await room.Send(TestRooms.Bo, new(TestRooms.ClientId(), "after"))).Seq);
    }
}
