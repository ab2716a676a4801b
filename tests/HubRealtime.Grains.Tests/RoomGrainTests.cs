using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Rooms;
using Orleans.Runtime;

namespace HubRealtime.Grains.Tests;

[Collection(RoomClusterCollection.Name)]
public sealed class RoomGrainTests(RoomClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Create_records_title_creator_and_time_and_refuses_a_second_create()
    {
        var room = Grains.GetGrain<IRoomGrain>(TestRooms.NewId());

        var info = await room.Create(TestRooms.Ann, "  Plenary  ");

        Assert.Equal("Plenary", info.Title);
        Assert.Equal(TestRooms.Ann.UserId, info.CreatedBy);
        Assert.Equal(RoomClusterFixture.Clock.GetUtcNow(), info.CreatedAt);
        Assert.Equal(info, await room.GetInfo(TestRooms.Bo));
        var again = await Assert.ThrowsAsync<HubRealtimeException>(() => room.Create(TestRooms.Bo, "Other"));
        Assert.Equal(ErrorCodes.RoomExists, again.Code);
        Assert.Equal("Plenary", (await room.GetInfo(TestRooms.Ann)).Title);
    }

    [Fact]
    public async Task An_unknown_room_answers_room_not_found_to_every_call()
    {
        var room = Grains.GetGrain<IRoomGrain>(TestRooms.NewId());

        foreach (var call in new Func<Task>[]
        {
            () => room.GetInfo(TestRooms.Ann),
            () => room.Join(TestRooms.Ann),
            () => room.Send(TestRooms.Ann, new SendMessageRequest(TestRooms.ClientId(), "hello")),
            () => room.GetHistoryAfter(TestRooms.Ann, 0, 10),
        })
        {
            var error = await Assert.ThrowsAsync<HubRealtimeException>(call);
            Assert.Equal(ErrorCodes.RoomNotFound, error.Code);
        }
    }

    [Fact]
    public async Task Sends_get_dense_sequences_and_are_stored_with_sender_and_time()
    {
        var room = await TestRooms.CreateAsync(Grains);

        var first = await room.Send(TestRooms.Ann, new SendMessageRequest("a-1", "hello"));
        var second = await room.Send(TestRooms.Bo, new SendMessageRequest("b-1", "مرحبا 你好 👋"));

        Assert.Equal((1, 2), (first.Seq, second.Seq));
        Assert.False(first.Duplicate);
        var page = await room.GetHistoryAfter(TestRooms.Ann, 0, 10);
        Assert.Equal(2, page.LastSeq);
        Assert.Collection(page.Events,
            m => Assert.Equal((1L, "ann@agency.example", "Ann", "hello", "a-1"), (m.Seq, m.Actor.UserId, m.Actor.DisplayName, m.Text(), m.ClientMessageId())),
            m => Assert.Equal((2L, "bo@agency.example", "Bo", "مرحبا 你好 👋"), (m.Seq, m.Actor.UserId, m.Actor.DisplayName, m.Text())));
        Assert.All(page.Events, m => Assert.Equal(RoomClusterFixture.Clock.GetUtcNow(), m.Time));
    }

    [Fact]
    public async Task A_resend_with_the_same_client_message_id_returns_the_original_ack_and_stores_nothing()
    {
        var room = await TestRooms.CreateAsync(Grains);
        var original = await room.Send(TestRooms.Ann, new SendMessageRequest("m-1", "first"));

        var resend = await room.Send(TestRooms.Ann, new SendMessageRequest("m-1", "first, edited on retry"));

        Assert.True(resend.Duplicate);
        Assert.Equal(original with { Duplicate = true }, resend);
        var page = await room.GetHistoryAfter(TestRooms.Ann, 0, 10);
        Assert.Equal("first", Assert.Single(page.Events).Text());

        // The same client id from another sender is another message.
        var other = await room.Send(TestRooms.Bo, new SendMessageRequest("m-1", "mine"));
        Assert.Equal(2, other.Seq);
    }

    [Fact]
    public async Task Concurrent_sends_are_group_committed_without_gaps_or_duplicates()
    {
        var room = await TestRooms.CreateAsync(Grains);
        const int count = 300;

        var acks = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            room.Send(i % 2 == 0 ? TestRooms.Ann : TestRooms.Bo, new SendMessageRequest($"c-{i}", $"message {i}"))));

        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), acks.Select(a => a.Seq).Order());
        var stored = new List<RoomEvent>();
        for (long after = 0; after < count; after = stored[^1].Seq)
        {
            stored.AddRange((await room.GetHistoryAfter(TestRooms.Ann, after, ChatLimits.MaxPageSize)).Events);
        }
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), stored.Select(m => m.Seq));
        var byClientId = acks.ToDictionary(a => a.ClientMessageId, a => a.Seq);
        Assert.All(stored, m => Assert.Equal(byClientId[m.ClientMessageId()], m.Seq));
    }

    [Fact]
    public async Task Concurrent_duplicates_in_flight_are_stored_once()
    {
        var room = await TestRooms.CreateAsync(Grains);

        var acks = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            room.Send(TestRooms.Ann, new SendMessageRequest("same", "once"))));

        Assert.Single(acks.Select(a => a.Seq).Distinct());
        Assert.Single(acks, a => !a.Duplicate);
        Assert.Single((await room.GetHistoryAfter(TestRooms.Ann, 0, 50)).Events);
    }

    [Theory]
    [InlineData("", "text", ErrorCodes.InvalidArgument)]
    [InlineData("has space", "text", ErrorCodes.InvalidArgument)]
    [InlineData("ok-id", "", ErrorCodes.MessageEmpty)]
    [InlineData("ok-id", " \n\t ", ErrorCodes.MessageEmpty)]
    [InlineData("ok-id", null, ErrorCodes.MessageEmpty)]
    public async Task Bad_input_gets_a_typed_error_and_stores_nothing(string clientId, string? text, string code)
    {
        var room = await TestRooms.CreateAsync(Grains);

        var error = await Assert.ThrowsAsync<HubRealtimeException>(() => room.Send(TestRooms.Ann, new SendMessageRequest(clientId, text!)));

        Assert.Equal(code, error.Code);
        Assert.Equal(0, (await room.Join(TestRooms.Ann)).LastSeq);
        Assert.Equal(1, (await room.Send(TestRooms.Ann, new SendMessageRequest("after", "still works"))).Seq);
    }

    [Fact]
    public async Task Text_is_limited_to_4000_characters_after_normalization()
    {
        var room = await TestRooms.CreateAsync(Grains);

        var tooLong = await Assert.ThrowsAsync<HubRealtimeException>(() =>
            room.Send(TestRooms.Ann, new SendMessageRequest("long", new string('x', ChatLimits.MaxTextLength + 1))));
        var fits = await room.Send(TestRooms.Ann, new SendMessageRequest("fits", "  " + new string('y', ChatLimits.MaxTextLength) + "\r\n"));
        var cleaned = await room.Send(TestRooms.Ann, new SendMessageRequest("ctl", "a\r\nb\u0000c\u200Bd\te"));

        Assert.Equal(ErrorCodes.MessageTooLong, tooLong.Code);
        Assert.Equal(1, fits.Seq);
        var page = await room.GetHistoryAfter(TestRooms.Ann, 0, 10);
        Assert.Equal(ChatLimits.MaxTextLength, page.Events[0].Text().Length);
        Assert.Equal("a\nbc\u200Bd\te", page.Events[1].Text());
    }

    [Fact]
    public async Task A_caller_without_identity_is_refused()
    {
        var room = await TestRooms.CreateAsync(Grains);

        var error = await Assert.ThrowsAsync<HubRealtimeException>(() => room.Send(new("", "Nobody"), new SendMessageRequest("x", "hi")));

        Assert.Equal(ErrorCodes.Unauthenticated, error.Code);
    }

    [Fact]
    public async Task A_malformed_room_id_cannot_be_created()
    {
        var error = await Assert.ThrowsAsync<HubRealtimeException>(() =>
            Grains.GetGrain<IRoomGrain>("Not A Slug!").Create(TestRooms.Ann, "x"));

        Assert.Equal(ErrorCodes.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task History_pages_by_sequence_in_both_directions()
    {
        var room = await TestRooms.CreateAsync(Grains);
        for (var i = 1; i <= 30; i++)
        {
            await room.Send(TestRooms.Ann, new SendMessageRequest($"h-{i}", $"#{i}"));
        }

        var newest = await room.GetHistoryBefore(TestRooms.Ann, 0, 10);
        var older = await room.GetHistoryBefore(TestRooms.Ann, newest.Events[0].Seq, 10);
        var oldest = await room.GetHistoryBefore(TestRooms.Ann, 3, 10);
        var missed = await room.GetHistoryAfter(TestRooms.Ann, 25, 200);
        var none = await room.GetHistoryAfter(TestRooms.Ann, 30, 200);

        Assert.Equal(Seqs(21, 30), newest.Events.Select(m => m.Seq));
        Assert.Equal(Seqs(11, 20), older.Events.Select(m => m.Seq));
        Assert.Equal(Seqs(1, 2), oldest.Events.Select(m => m.Seq));
        Assert.Equal(Seqs(26, 30), missed.Events.Select(m => m.Seq));
        Assert.Empty(none.Events);
        Assert.All(new[] { newest, older, oldest, missed, none }, p => Assert.Equal(30, p.LastSeq));
        foreach (var bad in new Func<Task>[]
        {
            () => room.GetHistoryBefore(TestRooms.Ann, 0, 0),
            () => room.GetHistoryBefore(TestRooms.Ann, 0, ChatLimits.MaxPageSize + 1),
            () => room.GetHistoryAfter(TestRooms.Ann, -1, 10),
        })
        {
            Assert.Equal(ErrorCodes.InvalidArgument, (await Assert.ThrowsAsync<HubRealtimeException>(bad)).Code);
        }

        static IEnumerable<long> Seqs(long from, long to) => Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => (long)i);
    }

    [Fact]
    public async Task Join_returns_the_newest_messages_and_the_last_sequence()
    {
        var room = await TestRooms.CreateAsync(Grains);
        for (var i = 1; i <= ChatLimits.JoinHistorySize + 5; i++)
        {
            await room.Send(TestRooms.Bo, new SendMessageRequest($"j-{i}", $"#{i}"));
        }

        var snapshot = await room.Join(TestRooms.Ann);

        Assert.Equal(ChatLimits.JoinHistorySize + 5, snapshot.LastSeq);
        Assert.Equal(ChatLimits.JoinHistorySize, snapshot.Events.Count);
        Assert.Equal(6, snapshot.Events[0].Seq);
        Assert.Equal(snapshot.LastSeq, snapshot.Events[^1].Seq);
    }

    [Fact]
    public async Task After_reactivation_the_log_continues_and_old_client_ids_are_still_deduplicated()
    {
        var room = await TestRooms.CreateAsync(Grains);
        var original = await room.Send(TestRooms.Ann, new SendMessageRequest("before", "stored before deactivation"));
        await room.Send(TestRooms.Ann, new SendMessageRequest("before-2", "second"));

        var management = Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        // Prove the in-memory state is gone, so the dedupe below must come from storage.
        Assert.DoesNotContain(await management.GetDetailedGrainStatistics(), s => s.GrainId == room.GetGrainId());

        var resend = await room.Send(TestRooms.Ann, new SendMessageRequest("before", "resent after a reconnect"));
        var next = await room.Send(TestRooms.Ann, new SendMessageRequest("after", "new"));
        Assert.True(resend.Duplicate);
        Assert.Equal(original.Seq, resend.Seq);
        Assert.Equal(3, next.Seq);
        Assert.Equal(new[] { "stored before deactivation", "second", "new" },
            (await room.GetHistoryAfter(TestRooms.Ann, 0, 10)).Events.Select(m => m.Text()));
    }
}
