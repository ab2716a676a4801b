using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Client;

namespace HubRealtime.Bench;

/// <summary>
/// --mode notes: N editors on one note over the hub (the real server in process, embedded SQLite, acks
/// after the durable commit), each typing at a human rate (5 characters a second, a paste of a few hundred
/// characters now and then) at its own place in the note. Measures submit → applied at every other editor,
/// then stops typing, waits for every editor to be saved and caught up, and compares every document
/// with the server's.
/// </summary>
internal static class NotesBench
{
    private const double KeysPerSecond = 5;
    private const double PasteChance = 0.01;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        Console.WriteLine($"notes scenario: {options.Describe()}");
        await using var target = HubRealtimeTarget.Start(1, options.DataDirectory, probe: false, options.HubParallel);
        var roomId = target.RoomIds[0];
        var editors = new List<(RoomHubClient Hub, NoteEditor Editor)>();
        var sent = new ConcurrentDictionary<(string, long), long>();
        var latency = new Latency();
        for (var i = 0; i < options.Editors; i++)
        {
            var token = await target.AccessTokenAsync(i, CancellationToken.None);
            var hub = RoomHubClient.Create(target.BaseAddress, () => Task.FromResult(token));
            await hub.StartAsync();
            await hub.JoinRoomAsync(roomId);
            var editor = await NoteEditor.OpenAsync(hub, roomId, $"bench-u{i}@bench.hubrealtime.test");
            editor.Submitting += change => sent[(change.ClientId, change.Seq)] = Stopwatch.GetTimestamp();
            var own = editor;
            editor.Applied += op =>
            {
                if (op.ClientId != own.ClientId && sent.TryGetValue((op.ClientId, op.Seq), out var at))
                {
                    latency.RecordTicks(Stopwatch.GetTimestamp() - at);
                }
            };
            editors.Add((hub, editor));
        }
        Console.WriteLine($"{editors.Count} editors connected; typing for {options.DurationSeconds:0.#} s ...");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.DurationSeconds));
        var typed = await Task.WhenAll(editors.Select((e, i) => TypeAsync(e.Editor, new Random(i + 1), stop.Token)));

        var note = target.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>(NoteId.Of(roomId, NoteId.Main));
        var converged = true;
        try
        {
            foreach (var (_, editor) in editors)
            {
                await editor.WaitUntilAsync(e => e.Saved, Settle);
            }
            var server = await note.Open(Caller.System);
            foreach (var (_, editor) in editors)
            {
                await editor.WaitUntilAsync(e => e.Rev >= server.Rev, Settle);
                converged &= editor.Document.Equals(server.Document);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{typed.Sum()} keystrokes and pastes, {server.Rev} revisions, note length {server.Document.Length()} (UTF-16 units)"));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine("an editor did not settle within a minute");
            converged = false;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("an editor did not settle within a minute");
            converged = false;
        }
        foreach (var (hub, editor) in editors)
        {
            editor.Dispose();
            await hub.DisposeAsync();
        }
        var summary = latency.Summarize();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"submit -> applied at another editor: {summary.Count} samples, p50 {summary.P50:0.00} ms, p95 {summary.P95:0.00} ms, p99 {summary.P99:0.00} ms, max {summary.Max:0.00} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"notes editors={options.Editors} converged={(converged ? "true" : "false")} p50_ms={summary.P50:0.00} p99_ms={summary.P99:0.00}"));
        return converged ? 0 : 1;
    }

    /// <summary>One editor: a keystroke every 200 ms (±50%) at its caret, a paste now and then; returns how many edits it made.</summary>
    private static async Task<int> TypeAsync(NoteEditor editor, Random random, CancellationToken stop)
    {
        var edits = 0;
        var caret = -1;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds((0.5 + random.NextDouble()) / KeysPerSecond), stop);
                var text = random.NextDouble() < PasteChance ? Paste(random) : ((char)('a' + random.Next(26))).ToString();
                await editor.EditAsync(length =>
                {
                    // Each editor writes its own paragraph somewhere in the note, as people do; others' edits may move it.
                    caret = caret < 0 || caret > length ? random.Next(length + 1) : caret;
                    var change = new DeltaBuilder();
                    if (caret > 0)
                    {
                        change.Retain(caret);
                    }
                    return change.Insert(text).Build();
                });
                caret += text.Length;
                edits++;
            }
        }
        catch (OperationCanceledException)
        {
            // Typing time is over.
        }
        return edits;
    }

    private static string Paste(Random random) =>
        string.Concat(Enumerable.Range(0, 100 + random.Next(300)).Select(_ => (char)('a' + random.Next(26)))) + "\n";
}
