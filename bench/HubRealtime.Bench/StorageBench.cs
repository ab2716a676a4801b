using System.Diagnostics;
using System.Globalization;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Storage.Sqlite;

namespace HubRealtime.Bench;

/// <summary>
/// --mode storage: the product's SQLite chat log alone (SqliteDatabase + SqliteChatLogStore, WAL,
/// synchronous=FULL), no grains and no SignalR. W concurrent appenders (one room each, like W room
/// grains) each append batches of B messages back to back. W = 1 shows the raw commit (fsync) rate;
/// larger W shows how much the writer's group commit recovers.
/// </summary>
internal static class StorageBench
{
    public static async Task RunAsync(BenchOptions options)
    {
        var writersList = options.StorageWriters ?? [1, 4, 50];
        var batchList = options.StorageBatches ?? [1, 50];
        var parent = Path.GetFullPath(options.DataDirectory ?? Path.GetTempPath());
        Console.WriteLine($"storage: SQLite chat log in fresh directories under {parent} on {FileSystems.TypeOf(parent)}; warmup {options.WarmupSeconds:0.#} s, measured {options.DurationSeconds:0.#} s per row, payload {options.PayloadChars} chars");
        Console.WriteLine("writers | batch |  appends/s |     msgs/s | append p50 | append p95 | append p99 | append max (ms)");
        var rows = new List<string>();
        foreach (var writers in writersList)
        {
            foreach (var batch in batchList)
            {
                var row = await RunOneAsync(parent, writers, batch, options);
                Console.WriteLine(row.Text);
                rows.Add(row.Markdown);
            }
        }
        if (options.Markdown)
        {
            Console.WriteLine();
            Console.WriteLine("| writers | messages per append | appends/s | messages/s | append p50 / p95 / p99 / max (ms) |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
            rows.ForEach(Console.WriteLine);
        }
    }

    private static async Task<(string Text, string Markdown)> RunOneAsync(string parent, int writers, int batch, BenchOptions options)
    {
        var directory = Path.Combine(parent, $"hubrealtime-storage-{Guid.NewGuid():N}");
        var database = new SqliteDatabase(directory);
        try
        {
            var store = new SqliteChatLogStore(database);
            var start = Stopwatch.GetTimestamp();
            var window = new Window(start + Window.Ticks(options.WarmupSeconds), start + Window.Ticks(options.WarmupSeconds + options.DurationSeconds));
            var latency = new Latency();
            long appends = 0;
            using var hardStop = new CancellationTokenSource(TimeSpan.FromSeconds(options.WarmupSeconds + options.DurationSeconds + options.DrainSeconds));
            await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
            {
                await Task.Yield();
                var room = $"storage-{w}";
                long seq = 0;
                while (Stopwatch.GetTimestamp() < window.End && !hardStop.IsCancellationRequested)
                {
                    var began = Stopwatch.GetTimestamp();
                    var messages = new ChatMessage[batch];
                    for (var i = 0; i < batch; i++)
                    {
                        seq++;
                        messages[i] = new ChatMessage(room, seq, $"s{w}-{seq}", $"bench-u{w}", $"Bench user {w}", Payload.Create(began, w, seq, options.PayloadChars), DateTimeOffset.UtcNow);
                    }
                    await store.AppendAsync(room, messages, hardStop.Token);
                    if (window.Contains(began))
                    {
                        Interlocked.Increment(ref appends);
                        latency.RecordTicks(Stopwatch.GetTimestamp() - began);
                    }
                }
            }));
            var l = latency.Summarize();
            var perSecond = appends / window.Seconds;
            var text = string.Create(CultureInfo.InvariantCulture,
                $"{writers,7} | {batch,5} | {perSecond,10:0} | {perSecond * batch,10:0} | {l.P50,10:0.00} | {l.P95,10:0.00} | {l.P99,10:0.00} | {l.Max,10:0.0}");
            var markdown = string.Create(CultureInfo.InvariantCulture,
                $"| {writers} | {batch} | {perSecond:0} | {perSecond * batch:0} | {l.P50:0.00} / {l.P95:0.00} / {l.P99:0.00} / {l.Max:0.0} |");
            return (text, markdown);
        }
        finally
        {
            await database.DisposeAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }
    }
}
