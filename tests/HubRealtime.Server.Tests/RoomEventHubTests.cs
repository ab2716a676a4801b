using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Client;
using HubRealtime.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace HubRealtime.Server.Tests;

/// <summary>Edits, deletes, reactions, replies and moderation through the hub, with several real .NET clients.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class RoomEventHubTests(EmbeddedServerFixture fixture)
{
    private static string Cid() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Changes_arrive_live_and_a_client_resuming_after_a_forced_disconnect_gets_exactly_what_it_missed()
    {
        var server = fixture.Server;
        var roomId = await Rooms.CreateAsync(server);
        var bo = await server.RegisterAsync("bo", "Bo");
        await using var ann = await RecordingClient.ConnectAsync(server, "ann");
        await using var watcher = await RecordingClient.ConnectAsync(server, "watcher");
        var boFirst = await RecordingClient.ConnectAsync(server, bo);
        foreach (var client in new[] { ann, watcher, boFirst })
        {
            await client.Hub.JoinRoomAsync(roomId);
        }
        var one = await ann.Hub.SendMessageAsync(roomId, Cid(), "one");
        var two = await ann.Hub.SendMessageAsync(roomId, Cid(), "two");
        var three = await ann.Hub.SendMessageAsync(roomId, Cid(), "three");
        await boFirst.WaitForAsync(3);
        var boLastSeen = boFirst.Received.Max(m => m.Seq);
        await boFirst.DisposeAsync(); // the network drops: no LeaveRoom

        var edit = await ann.Hub.EditMessageAsync(roomId, one.Seq, "one, corrected");
        var reaction = await watcher.Hub.ReactAsync(roomId, two.Seq, "👍", true);
        var delete = await ann.Hub.DeleteMessageAsync(roomId, three.Seq);
        var reply = await watcher.Hub.SendMessageAsync(roomId, Cid(), "agreed", two.Seq);
        Assert.Equal(0, (await ann.Hub.DeleteMessageAsync(roomId, three.Seq)).Seq); // a repeat appends nothing
        await watcher.WaitForAsync(7);

        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], watcher.Received.Select(m => m.Seq));
        Assert.Equal(
            [RoomEventKind.Edit, RoomEventKind.Reaction, RoomEventKind.Delete, RoomEventKind.Message],
            watcher.Received.Skip(3).Select(m => m.Kind));
        Assert.Equal((edit.Seq, reaction.Seq, delete.Seq, reply.Seq), (4L, 5L, 6L, 7L));
        Assert.Equal(two.Seq, watcher.Received[^1].ReplyToSeq());

        // Bo comes back on a new connection and asks for what came after the last sequence he saw.
        await using var boAgain = await RecordingClient.ConnectAsync(server, bo);
        var snapshot = await boAgain.Hub.JoinRoomAsync(roomId);
        var missed = await boAgain.Hub.GetMissedAsync(roomId, boLastSeen, ChatLimits.MaxPageSize);

        Assert.Equal([4L, 5, 6, 7], missed.Events.Select(m => m.Seq));
        // Bo applies what he saw before the drop, then (again, overlapping) what he missed; the watcher stayed live.
        var boView = new RoomTimeline();
        Assert.True(boView.Apply(boFirst.Received));
        Assert.True(boView.Apply([.. watcher.Received.Take(2), .. missed.Events]));
        var watcherView = new RoomTimeline();
        Assert.True(watcherView.Apply(watcher.Received));
        Assert.Equal(watcherView.Messages, boView.Messages);
        Assert.Equal(7, boView.LastSeq);
        // History rows carry the current state, the same the event-applying clients converged to.
        var joined = new RoomTimeline();
        joined.Load(snapshot);
        Assert.Equal(watcherView.Messages, joined.Messages);
        var rows = joined.Messages.ToDictionary(m => m.Seq);
        Assert.Equal(("one, corrected", true, "👍"), (rows[1].Text(), rows[3].Deleted(), rows[2].Reactions().Single().Emoji));
        Assert.NotNull(rows[1].EditedAt());
    }

    [Fact]
    public async Task Many_clients_changing_concurrently_converge_and_dropped_clients_resume_without_loss_or_duplicates()
    {
        var server = fixture.Server;
        var roomId = await Rooms.CreateAsync(server);
        var users = new List<HubRealtime.Testing.Server.TestUser>();
        for (var i = 0; i < 6; i++)
        {
            users.Add(await server.RegisterAsync($"crowd{i}", $"Crowd {i}"));
        }
        var clients = new List<RecordingClient>();
        foreach (var user in users)
        {
            var client = await RecordingClient.ConnectAsync(server, user);
            await client.Hub.JoinRoomAsync(roomId);
            clients.Add(client);
        }
        try
        {
            // Round 1: everyone says something; two clients then drop without leaving.
            var mine = await Task.WhenAll(clients.Select((c, i) => c.Hub.SendMessageAsync(roomId, Cid(), $"hello from {i}")));
            await Task.WhenAll(clients.Select(c => c.WaitForAsync(mine.Length)));
            var dropped = clients.Take(2).ToList();
            var seenBeforeDrop = dropped.Select(c => new RoomTimeline()).ToList();
            for (var i = 0; i < dropped.Count; i++)
            {
                Assert.True(seenBeforeDrop[i].Apply(dropped[i].Received));
                await dropped[i].DisposeAsync();
            }
            var live = clients.Skip(2).ToList();

            // Round 2, concurrently: sends, edits of own messages, reactions on everyone's, deletes, replies.
            var work = new List<Task>();
            for (var i = 0; i < live.Count; i++)
            {
                var client = live[i];
                var own = mine[i + 2].Seq;
                // The first live client deletes its message; nobody else touches that one (a change to a deleted message is refused).
                work.Add(i == 0 ? client.Hub.DeleteMessageAsync(roomId, own) : client.Hub.EditMessageAsync(roomId, own, $"edited by {i}"));
                work.Add(client.Hub.SendMessageAsync(roomId, Cid(), $"reply {i}", mine[0].Seq));
                foreach (var target in mine.Where(m => m.Seq != mine[2].Seq))
                {
                    work.Add(client.Hub.ReactAsync(roomId, target.Seq, i % 2 == 0 ? "👍" : "🎉", true));
                }
            }
            await Task.WhenAll(work);
            var last = (await live[0].Hub.GetMissedAsync(roomId, 0, ChatLimits.MaxPageSize)).LastSeq;
            await Task.WhenAll(live.Select(c => c.WaitForAsync((int)last)));

            var reference = new RoomTimeline();
            Assert.True(reference.Apply(live[0].Received));
            foreach (var client in live)
            {
                Assert.Equal(Enumerable.Range(1, (int)last).Select(n => (long)n), client.Received.Select(m => m.Seq));
                var view = new RoomTimeline();
                Assert.True(view.Apply(client.Received));
                Assert.Equal(reference.Messages, view.Messages);
            }

            // The dropped clients come back on new connections and resume from what they had.
            for (var i = 0; i < dropped.Count; i++)
            {
                await using var back = await RecordingClient.ConnectAsync(server, users[i]);
                await back.Hub.JoinRoomAsync(roomId);
                var timeline = seenBeforeDrop[i];
                var missed = await back.Hub.GetMissedAsync(roomId, timeline.LastSeq, ChatLimits.MaxPageSize);
                Assert.Equal(Enumerable.Range((int)timeline.LastSeq + 1, (int)(last - timeline.LastSeq)).Select(n => (long)n), missed.Events.Select(m => m.Seq));
                Assert.True(timeline.Apply(missed.Events));
                Assert.Equal(reference.Messages, timeline.Messages);
            }
            // 6 messages and 4 replies; one deleted, three edited, every other original carries 4 reactions.
            Assert.Equal(10, reference.Messages.Count);
            var rows = reference.Messages.ToDictionary(m => m.Seq);
            Assert.True(rows[mine[2].Seq].Deleted());
            Assert.Equal(3, reference.Messages.Count(m => m.Text().StartsWith("edited by", StringComparison.Ordinal)));
            Assert.All(mine.Where(m => m.Seq != mine[2].Seq), m => Assert.Equal(4, rows[m.Seq].Reactions().Sum(r => r.UserIds.Count)));
        }
        finally
        {
            foreach (var client in clients.Skip(2))
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Moderators_delete_any_message_and_mute_and_members_cannot()
    {
        var server = fixture.Server;
        var roomId = Rooms.NewId();
        var annUser = await server.RegisterAsync("ann", "Ann");
        var boUser = await server.RegisterAsync("bo", "Bo");
        var modUser = await server.RegisterAsync("moderator", "Moderator");
        await server.Services.GetRequiredService<IGrainFactory>().GetGrain<IRoomGrain>(roomId).CreateRestricted(
            Caller.System, "Plenary", new RoomAccess("meeting:hubtest", [annUser.Email, boUser.Email], [modUser.Email]));
        await using var ann = await RecordingClient.ConnectAsync(server, annUser);
        await using var bo = await RecordingClient.ConnectAsync(server, boUser);
        await using var mod = await RecordingClient.ConnectAsync(server, modUser);
        foreach (var client in new[] { ann, bo, mod })
        {
            await client.Hub.JoinRoomAsync(roomId);
        }
        var rude = await ann.Hub.SendMessageAsync(roomId, Cid(), "rude");

        var notOwner = await Assert.ThrowsAsync<HubRealtimeException>(() => bo.Hub.DeleteMessageAsync(roomId, rude.Seq));
        var notModerator = await Assert.ThrowsAsync<HubRealtimeException>(() => bo.Hub.MuteParticipantAsync(roomId, annUser.Email, true));
        var deleted = await mod.Hub.DeleteMessageAsync(roomId, rude.Seq);
        await mod.Hub.MuteParticipantAsync(roomId, annUser.Email, true);
        var muted = await Assert.ThrowsAsync<HubRealtimeException>(() => ann.Hub.SendMessageAsync(roomId, Cid(), "again"));
        await bo.WaitForAsync(3);

        Assert.Equal(ErrorCodes.Forbidden, notOwner.Code);
        Assert.Equal(ErrorCodes.Forbidden, notModerator.Code);
        Assert.Equal(ErrorCodes.Muted, muted.Code);
        Assert.True(deleted.Target.Deleted());
        Assert.Collection(bo.Received,
            m => Assert.Equal(RoomEventKind.Message, m.Kind),
            m => Assert.Equal((RoomEventKind.Delete, rude.Seq, modUser.Email), (m.Kind, m.TargetSeq(), m.Actor.UserId)),
            m => Assert.Equal((RoomEventKind.Notice, "participant.muted"), (m.Kind, m.NoticeType())));
        var history = await bo.Hub.GetHistoryAsync(roomId, 0, 10);
        Assert.Equal(("", true), (history.Events[0].Text(), history.Events[0].Deleted()));

        await mod.Hub.MuteParticipantAsync(roomId, annUser.Email, false);
        Assert.Equal(5, (await ann.Hub.SendMessageAsync(roomId, Cid(), "sorry")).Seq);
    }

    [Fact]
    public async Task Bad_changes_get_typed_errors()
    {
        var server = fixture.Server;
        var roomId = await Rooms.CreateAsync(server);
        await using var ann = await RecordingClient.ConnectAsync(server, "ann");
        await using var bo = await RecordingClient.ConnectAsync(server, "bo");
        await ann.Hub.JoinRoomAsync(roomId);
        await bo.Hub.JoinRoomAsync(roomId);
        var sent = await ann.Hub.SendMessageAsync(roomId, Cid(), "mine");

        async Task<string> CodeOf(Func<Task> call) => (await Assert.ThrowsAsync<HubRealtimeException>(call)).Code;

        Assert.Equal(ErrorCodes.Forbidden, await CodeOf(() => bo.Hub.EditMessageAsync(roomId, sent.Seq, "not yours")));
        Assert.Equal(ErrorCodes.MessageNotFound, await CodeOf(() => bo.Hub.ReactAsync(roomId, 999, "👍", true)));
        Assert.Equal(ErrorCodes.MessageNotFound, await CodeOf(() => bo.Hub.SendMessageAsync(roomId, Cid(), "to nothing", 999)));
        Assert.Equal(ErrorCodes.InvalidArgument, await CodeOf(() => bo.Hub.ReactAsync(roomId, sent.Seq, "", true)));
        Assert.Equal(ErrorCodes.MessageTooLong, await CodeOf(() => ann.Hub.EditMessageAsync(roomId, sent.Seq, new string('x', ChatLimits.MaxTextLength + 1))));
        Assert.Equal(ErrorCodes.NotInRoom, await CodeOf(() => ann.Hub.DeleteMessageAsync(Rooms.NewId(), 1)));
        // Nothing was appended, and the connection still works.
        Assert.Equal(1, (await bo.Hub.GetMissedAsync(roomId, 0, 10)).LastSeq);
    }
}
