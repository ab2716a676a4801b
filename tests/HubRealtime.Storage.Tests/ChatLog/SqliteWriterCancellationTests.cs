using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Testing;

namespace HubRealtime.Storage.Tests.ChatLog;

/// <summary>A write whose caller gave up while it waited for the writer is never stored.</summary>
public sealed class SqliteWriterCancellationTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _directory = new("hubrealtime-writer-cancel");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_append_cancelled_while_queued_behind_a_stuck_write_fails_and_is_never_committed()
    {
        await using var database = new SqliteDatabase(_directory.Path);
        var store = new SqliteChatLogStore(database);
        var message = new ChatMessage("plenary", 1, "c-1", "ann@agency.example", "Ann", "late", DateTimeOffset.UnixEpoch);
        using var stuck = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Holds the writer thread inside its transaction, as a slow disk would.
        var blocker = database.WriteAsync(_ =>
        {
            entered.SetResult();
            stuck.Wait(Bound);
            return 0;
        });
        await entered.Task.WaitAsync(Bound);

        using var deadline = new CancellationTokenSource();
        var append = store.AppendAsync("plenary", [message], deadline.Token);
        await deadline.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => append.WaitAsync(Bound));

        stuck.Set();
        await blocker.WaitAsync(Bound);
        await database.WriteAsync(_ => 0).WaitAsync(Bound); // the writer has handled everything queued before

        Assert.Empty(await store.ReadRangeAsync("plenary", 1, 10, 10));
        Assert.Null(await store.FindByClientMessageIdAsync("plenary", "ann@agency.example", "c-1"));
        await store.AppendAsync("plenary", [message]); // and the same message can be stored now
        Assert.Equal(message, Assert.Single(await store.ReadRangeAsync("plenary", 1, 10, 10)));
    }
}
