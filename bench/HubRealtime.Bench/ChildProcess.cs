using System.Diagnostics;
using System.Threading.Channels;

namespace HubRealtime.Bench;

/// <summary>
/// This bench started again as a child process (same executable, same runtime settings) with its
/// standard output read line by line and its standard input open for commands; standard error is
/// inherited, so failures show up directly.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly Task _reader;

    private ChildProcess(Process process, string label)
    {
        _process = process;
        Label = label;
        _reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                await _lines.Writer.WriteAsync(line);
            }
            _lines.Writer.Complete();
        });
    }

    public string Label { get; }

    public static ChildProcess Start(string label, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        // Run through the dotnet host: pass the bench's own assembly first.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {label}");
        return new ChildProcess(process, label);
    }

    /// <summary>The next output line that starts with one of <paramref name="prefixes"/>; other lines are echoed with the child's label. Null when the child ended first.</summary>
    public async Task<string?> WaitForAsync(CancellationToken cancellationToken, params string[] prefixes)
    {
        while (await _lines.Reader.WaitToReadAsync(cancellationToken))
        {
            while (_lines.Reader.TryRead(out var line))
            {
                if (prefixes.Any(p => line.StartsWith(p, StringComparison.Ordinal)))
                {
                    return line;
                }
                Console.WriteLine($"  [{Label}] {line}");
            }
        }
        return null;
    }

    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"[{Label}] did not exit in time; killing it");
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        await _reader;
        while (_lines.Reader.TryRead(out var line))
        {
            Console.WriteLine($"  [{Label}] {line}");
        }
        _process.Dispose();
    }
}
