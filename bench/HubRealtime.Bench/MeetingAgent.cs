using System.Diagnostics;
using System.Globalization;

namespace HubRealtime.Bench;

/// <summary>
/// Child process "--role meeting-agent": the load generator of one meeting size, alone in its process
/// so that its CPU is known and not counted as the server's. Connects every participant (WebSockets,
/// one socket each), joins its breakout and the plenary, then replays a fixed schedule: participant i
/// chats into its breakout every --chat-interval seconds from a random phase, the facilitator sends a
/// plenary broadcast every --plenary-interval seconds. Open loop: latencies are taken from the
/// scheduled time. Prints JOINED, "WINDOW start end" and finally "RESULT json".
/// </summary>
internal static class MeetingAgent
{
    public const string Joined = "JOINED";
    public const string WindowPrefix = "WINDOW ";
    public const string ResultPrefix = "RESULT ";
    private const int ConnectParallel = 32;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var seats = MeetingSeats.Read(options.SeatsFile ?? throw new ArgumentException("--seats-file is required"));
        var server = new Uri(seats.ServerUrl);
        var measure = new MeetingMeasure();
        var participants = seats.Seats
            .Select(s => new MeetingParticipant(server, s, seats.BreakoutRoomIds[s.Breakout], seats.PlenaryRoomId, measure))
            .ToArray();
        try
        {
            var joinStarted = Stopwatch.GetTimestamp();
            var joinRetries = await JoinAllAsync(participants);
            var joinSeconds = Stopwatch.GetElapsedTime(joinStarted).TotalSeconds;
            Console.WriteLine(Joined);

            var start = Stopwatch.GetTimestamp() + Window.Ticks(0.5);
            var window = new Window(start + Window.Ticks(options.WarmupSeconds), start + Window.Ticks(options.WarmupSeconds + options.DurationSeconds));
            measure.Window = window;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{WindowPrefix}{window.Start} {window.End}"));

            using var hardStop = new CancellationTokenSource(TimeSpan.FromSeconds(options.WarmupSeconds + options.DurationSeconds + options.DrainSeconds + 10));
            var cpu0 = CpuTime();
            var cpuWall0 = Stopwatch.GetTimestamp();
            var cpuAtEnd = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, (window.End - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency)), hardStop.Token);
                return 100 * (CpuTime() - cpu0).TotalSeconds / (Stopwatch.GetElapsedTime(cpuWall0).TotalSeconds * Environment.ProcessorCount);
            });
            await PaceAsync(participants, Schedule(options, participants.Length, start), options, hardStop.Token);
            var drainStarted = Stopwatch.GetTimestamp();
            await DrainAsync(participants, measure, options, hardStop.Token);
            var drainSeconds = Stopwatch.GetElapsedTime(drainStarted).TotalSeconds;
            var cpu = await cpuAtEnd;

            var all = new Latency();
            all.Add(measure.BreakoutDeliver);
            all.Add(measure.PlenaryDeliver);
            using var process = Process.GetCurrentProcess();
            var result = new MeetingAgentResult(
                participants.Length, seats.BreakoutRoomIds.Length, joinSeconds, joinRetries, window.Seconds,
                Interlocked.Read(ref measure.SentBreakoutInWindow), Interlocked.Read(ref measure.SentPlenaryInWindow),
                participants.Sum(p => Interlocked.Read(ref p.AckedBreakoutInWindow) + Interlocked.Read(ref p.AckedPlenaryInWindow)),
                Interlocked.Read(ref measure.DeliveredInWindow), Interlocked.Read(ref measure.DeliveriesOfWindowSends),
                Expected(participants, p => p.AckedBreakoutInWindow, p => p.AckedPlenaryInWindow),
                Interlocked.Read(ref measure.DeliveriesTotal), Expected(participants, p => p.AckedBreakout, p => p.AckedPlenary),
                Interlocked.Read(ref measure.SendErrors), measure.FirstError, Interlocked.Read(ref measure.OutOfOrder),
                participants.Count(p => !p.Connected), drainSeconds,
                measure.BreakoutDeliver.Summarize(), measure.PlenaryDeliver.Summarize(), all.Summarize(), measure.Ack.Summarize(),
                cpu, process.WorkingSet64);
            Console.WriteLine(ResultPrefix + BenchJson.Write(result));
            return 0;
        }
        finally
        {
            using var gate = new SemaphoreSlim(64);
            await Task.WhenAll(participants.Select(async p =>
            {
                await gate.WaitAsync();
                try
                {
                    await p.DisposeAsync();
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Returns how many connection attempts had to be retried.</summary>
    private static async Task<int> JoinAllAsync(MeetingParticipant[] participants)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(600));
        using var gate = new SemaphoreSlim(ConnectParallel);
        var retries = 0;
        await Task.WhenAll(participants.Select(async p =>
        {
            await gate.WaitAsync(timeout.Token);
            try
            {
                Interlocked.Add(ref retries, await p.ConnectAndJoinAsync(timeout.Token));
            }
            finally
            {
                gate.Release();
            }
        }));
        return retries;
    }

    /// <summary>Every send of the run, ascending by due time: (due tick, participant, to the plenary).</summary>
    private static (long Due, int Participant, bool Plenary)[] Schedule(BenchOptions options, int participants, long start)
    {
        var end = options.WarmupSeconds + options.DurationSeconds;
        var random = new Random(participants);
        var events = new List<(long, int, bool)>();
        for (var i = 0; i < participants; i++)
        {
            for (var t = random.NextDouble() * options.ChatIntervalSeconds; t < end; t += options.ChatIntervalSeconds)
            {
                events.Add((start + Window.Ticks(t), i, false));
            }
        }
        for (var t = options.PlenaryIntervalSeconds / 2; t < end; t += options.PlenaryIntervalSeconds)
        {
            events.Add((start + Window.Ticks(t), MeetingPlan.Facilitator, true));
        }
        return [.. events.OrderBy(e => e.Item1)];
    }

    private static async Task PaceAsync(MeetingParticipant[] participants, (long Due, int Participant, bool Plenary)[] schedule, BenchOptions options, CancellationToken hardStop)
    {
        var capacity = participants.Select(_ => new SemaphoreSlim(options.MaxOutstanding)).ToArray();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
        var next = 0;
        try
        {
            while (next < schedule.Length && !hardStop.IsCancellationRequested)
            {
                var now = Stopwatch.GetTimestamp();
                while (next < schedule.Length && schedule[next].Due <= now)
                {
                    var (due, who, plenary) = schedule[next++];
                    await capacity[who].WaitAsync(hardStop);
                    _ = SendReleasingAsync(participants[who], plenary, due, capacity[who], options.PayloadChars, hardStop);
                }
                await timer.WaitForNextTickAsync(hardStop);
            }
        }
        catch (OperationCanceledException)
        {
            // Hard stop reached; the drain reports what is missing.
        }
    }

    private static async Task SendReleasingAsync(MeetingParticipant participant, bool plenary, long due, SemaphoreSlim capacity, int payloadChars, CancellationToken hardStop)
    {
        try
        {
            await participant.SendAsync(plenary, due, payloadChars, hardStop);
        }
        finally
        {
            capacity.Release();
        }
    }

    /// <summary>Deliveries owed to other members: acked sends × (room members - 1).</summary>
    private static long Expected(MeetingParticipant[] participants, Func<MeetingParticipant, long> breakout, Func<MeetingParticipant, long> plenary)
    {
        var breakoutMembers = participants.GroupBy(p => p.BreakoutRoomId).ToDictionary(g => g.Key, g => (long)g.Count());
        return participants.Sum(p => breakout(p) * (breakoutMembers[p.BreakoutRoomId] - 1) + plenary(p) * (participants.Length - 1));
    }

    private static async Task DrainAsync(MeetingParticipant[] participants, MeetingMeasure measure, BenchOptions options, CancellationToken hardStop)
    {
        var deadline = Stopwatch.GetTimestamp() + Window.Ticks(options.DrainSeconds);
        while (Stopwatch.GetTimestamp() < deadline && !hardStop.IsCancellationRequested)
        {
            if (participants.Sum(p => Interlocked.Read(ref p.Outstanding)) == 0
                && Interlocked.Read(ref measure.DeliveriesTotal) >= Expected(participants, p => Interlocked.Read(ref p.AckedBreakout), p => Interlocked.Read(ref p.AckedPlenary)))
            {
                return;
            }
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
