using System.Globalization;

namespace HubRealtime.Bench;

internal enum BenchMode { Saturation, Rate, Storage, Meeting, Notes, NotesTrace }

/// <summary>Command-line options. Every run is bounded: warmup + duration, then a drain with a timeout.</summary>
internal sealed record BenchOptions
{
    public BenchMode Mode { get; init; } = BenchMode.Saturation;
    public int Clients { get; init; } = 50;
    /// <summary>Notes mode: editors typing into one note.</summary>
    public int Editors { get; init; } = 25;
    public int Rooms { get; init; } = 1;
    public int Senders { get; init; } = 50;
    public double DurationSeconds { get; init; } = 20;
    public double WarmupSeconds { get; init; } = 10;
    public double DrainSeconds { get; init; } = 15;
    public int Inflight { get; init; } = 1;
    public double Rate { get; init; } = 1000;
    public int MaxOutstanding { get; init; } = 64;
    public int PayloadChars { get; init; } = 64;
    public string[] Targets { get; init; } = ["hubrealtime", "baseline"];
    public bool Markdown { get; init; }
    public bool Probe { get; init; }
    public string? DataDirectory { get; init; }
    public int[]? StorageWriters { get; init; }
    public int[]? StorageBatches { get; init; }
    public int Rounds { get; init; } = 1;
    public int? HubParallel { get; init; }

    /// <summary>--mode notes-trace: the editing trace (josephg/editing-traces .json.gz) to replay.</summary>
    public string? TraceFile { get; init; }

    // Meeting scenario (--mode meeting), see MeetingBench.
    public int[] Participants { get; init; } = [250, 1000, 2000];
    public int RoomSize { get; init; } = 6;
    public double ChatIntervalSeconds { get; init; } = 15;
    public double PlenaryIntervalSeconds { get; init; } = 10;

    /// <summary>Internal: the role of a child process of the meeting scenario (server host or load agent).</summary>
    public string? Role { get; init; }

    /// <summary>Internal: where the meeting server host writes the seats (users, tokens, rooms) for the agent.</summary>
    public string? SeatsFile { get; init; }

    /// <summary>Internal: a stopped HubRealtime data directory holding the meeting's accounts, copied by each server host.</summary>
    public string? AccountsDirectory { get; init; }

    /// <summary>Meeting scenario: keep the registered accounts here and reuse them in later runs (default: a temporary directory).</summary>
    public string? AccountsCache { get; init; }

    public const string Usage = """
        HubRealtime.Bench: HubRealtime (Orleans + SignalR, durable SQLite) vs a bare SignalR hub.
        Build with -c Release for numbers (the tool says so when it runs a Debug build). See docs/benchmarks.md.

          --mode saturation|rate|storage|meeting|notes|notes-trace   (default saturation)
          --clients C        connections (default 50)        --rooms R     rooms, clients spread round robin (default 1)
          --senders S        first S clients send (default 50)
          --inflight K       saturation: sends outstanding per sender (default 1)
          --rate M           rate: total messages/s, open loop on a fixed schedule (default 1000)
          --max-outstanding N rate: cap of unacknowledged sends per sender (default 64)
          --duration SEC     measured window (default 20)    --warmup SEC  (default 10)
          --drain SEC        max wait for acks and deliveries after sending stops (default 15)
          --payload CHARS    message text length (default 64)
          --target hubrealtime|baseline|both   (default both, one after the other)
          --probe            HubRealtime only: per-stage timings inside the server (hub filter, grain call filter,
                             chat-log and hub-context decorators); off for headline numbers
          --data-dir DIR     parent of the fresh SQLite directories (default: the temp directory)
          --writers 1,4,50 --batch 1,50   storage mode: concurrent appenders x messages per append
          --rounds N         run the targets N times, alternating which goes first; the table adds per-target medians (default 1)
          --hub-parallel N   EXPERIMENT, both targets: MaximumParallelInvocationsPerClient = N (the product uses 1)
          --markdown         also print table rows for docs/benchmarks.md

        Notes trace (--mode notes-trace --trace FILE): replays a real editing trace in process through the note
        grain's op policy and NoteDocument; the last line is "trace NAME ops=N equal=true|false seconds=S"
          --trace FILE       e.g. shared/data/editing-traces/automerge-paper.json.gz (--rounds N repeats the replay)

        Meeting scenario (--mode meeting): each size runs the server and the load generator in two child processes
          --participants 250,1000,2000   sizes, each run against every target (default 250,1000,2000)
          --room-size K      participants per breakout room, R = ceil(N/K) (default 6); everyone is also in the plenary
          --chat-interval S  seconds between one participant's breakout messages (default 15)
          --plenary-interval S  seconds between plenary broadcasts of the facilitator (participant 0) (default 10)
          --accounts-cache DIR  keep the registered HubRealtime accounts (a password hash each: slow) in DIR and reuse them
          (--warmup, --duration, --drain, --payload, --max-outstanding, --target, --data-dir, --probe apply too; --rounds does not)

        Shared notes (--mode notes): N editors type into one note over the hub at 5 characters/s each, with a paste now and then
          --editors N        (default 25); --duration SEC typing time; every edit durable before its ack
          last line: notes editors=N converged=true|false p50_ms=X p99_ms=Y (submit -> applied at every other editor)
        """;

    public int SendersEffective => Math.Min(Senders, Clients);

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            double Dbl() => double.Parse(Next(), CultureInfo.InvariantCulture);
            int[] Ints() => [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            o = name switch
            {
                "--mode" => o with { Mode = Enum.Parse<BenchMode>(Next().Replace("-", "", StringComparison.Ordinal), ignoreCase: true) },
                "--trace" => o with { TraceFile = Path.GetFullPath(Next()) },
                "--clients" => o with { Clients = Int() },
                "--editors" => o with { Editors = Int() },
                "--rooms" => o with { Rooms = Int() },
                "--senders" => o with { Senders = Int() },
                "--duration" => o with { DurationSeconds = Dbl() },
                "--warmup" => o with { WarmupSeconds = Dbl() },
                "--drain" => o with { DrainSeconds = Dbl() },
                "--inflight" => o with { Inflight = Int() },
                "--rate" => o with { Rate = Dbl(), Mode = BenchMode.Rate },
                "--max-outstanding" => o with { MaxOutstanding = Int() },
                "--payload" => o with { PayloadChars = Int() },
                "--target" => o with { Targets = Next().ToLowerInvariant() switch
                {
                    "both" => ["hubrealtime", "baseline"],
                    "hubrealtime" => ["hubrealtime"],
                    "baseline" => ["baseline"],
                    var t => throw new ArgumentException($"unknown target {t}"),
                } },
                "--probe" => o with { Probe = true },
                "--markdown" => o with { Markdown = true },
                "--rounds" => o with { Rounds = Int() },
                "--hub-parallel" => o with { HubParallel = Int() },
                "--data-dir" => o with { DataDirectory = Path.GetFullPath(Next()) },
                "--writers" => o with { StorageWriters = Ints() },
                "--batch" => o with { StorageBatches = Ints() },
                "--participants" => o with { Participants = Ints() },
                "--room-size" => o with { RoomSize = Int() },
                "--chat-interval" => o with { ChatIntervalSeconds = Dbl() },
                "--plenary-interval" => o with { PlenaryIntervalSeconds = Dbl() },
                "--role" => o with { Role = Next() },
                "--seats-file" => o with { SeatsFile = Path.GetFullPath(Next()) },
                "--accounts-dir" => o with { AccountsDirectory = Path.GetFullPath(Next()) },
                "--accounts-cache" => o with { AccountsCache = Path.GetFullPath(Next()) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }
        o.Validate();
        return o;
    }

    private void Validate()
    {
        if (Mode == BenchMode.NotesTrace && (TraceFile is null || !File.Exists(TraceFile)))
        {
            throw new ArgumentException(TraceFile is null ? "--mode notes-trace needs --trace FILE" : $"no trace file {TraceFile}");
        }
        if (Editors is < 2 or > 500)
        {
            throw new ArgumentException("editors in [2, 500]");
        }
        if (Clients < 1 || Rooms < 1 || Senders < 1 || Rooms > Clients)
        {
            throw new ArgumentException("need clients >= rooms >= 1 and senders >= 1");
        }
        if (DurationSeconds is <= 0 or > 3600 || WarmupSeconds is < 0 or > 600 || DrainSeconds is <= 0 or > 600)
        {
            throw new ArgumentException("duration must be in (0, 3600], warmup in [0, 600], drain in (0, 600]");
        }
        if (Inflight is < 1 or > 1024 || Rate is <= 0 or > 1_000_000 || MaxOutstanding < 1)
        {
            throw new ArgumentException("inflight in [1, 1024], rate in (0, 1e6], max-outstanding >= 1");
        }
        if (Rounds is < 1 or > 20 || HubParallel is < 1 or > 1024)
        {
            throw new ArgumentException("rounds in [1, 20], hub-parallel in [1, 1024]");
        }
        if (Participants.Length == 0 || Participants.Any(n => n is < 2 or > 20_000) || RoomSize is < 2 or > 1000)
        {
            throw new ArgumentException("participants in [2, 20000], room-size in [2, 1000]");
        }
        if (ChatIntervalSeconds is < 0.01 or > 3600 || PlenaryIntervalSeconds is < 0.01 or > 3600)
        {
            throw new ArgumentException("chat-interval and plenary-interval in [0.01, 3600] seconds");
        }
        if (PayloadChars is < 24 or > 4000)
        {
            throw new ArgumentException("payload must be 24 to 4000 characters (it carries a timestamp; the server caps text at 4000)");
        }
    }

    public string Describe() => DescribeMode() + (HubParallel is { } n ? $" EXPERIMENT hub-parallel={n}" : "");

    private string DescribeMode() => Mode switch
    {
        BenchMode.NotesTrace => $"mode=notes-trace trace={Path.GetFileName(TraceFile)} rounds={Rounds}",
        BenchMode.Meeting => $"mode=meeting participants={string.Join(',', Participants)} room-size={RoomSize} chat-interval={ChatIntervalSeconds:0.##}s plenary-interval={PlenaryIntervalSeconds:0.##}s payload={PayloadChars} warmup={WarmupSeconds:0.#}s duration={DurationSeconds:0.#}s",
        BenchMode.Notes => $"mode=notes editors={Editors} rate=5 chars/s each duration={DurationSeconds:0.#}s",
        BenchMode.Rate => $"mode=rate rate={Rate:0} msg/s clients={Clients} rooms={Rooms} senders={SendersEffective} max-outstanding={MaxOutstanding} payload={PayloadChars} warmup={WarmupSeconds:0.#}s duration={DurationSeconds:0.#}s",
        _ => $"mode={Mode.ToString().ToLowerInvariant()} clients={Clients} rooms={Rooms} senders={SendersEffective} inflight={Inflight} payload={PayloadChars} warmup={WarmupSeconds:0.#}s duration={DurationSeconds:0.#}s",
    };
}
