using System.Diagnostics;
using System.Text;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Xunit;

namespace HubRealtime.Testing;

/// <summary>
/// An Azure Storage account for tests, exposed as <see cref="ConnectionString"/>. The account is chosen in
/// this order:
/// <list type="number">
/// <item>the connection string in <c>HUBREALTIME_TEST_AZURE_CONNECTION_STRING</c> (nothing is started);</item>
/// <item>if <c>HUBREALTIME_TEST_AZURITE=testcontainers</c>, an Azurite container started with Testcontainers (needs Docker);</item>
/// <item>otherwise (the default, and what CI uses) the repository's own <c>node_modules/.bin/azurite</c>, started
/// as a child process on free ports with in-memory persistence and killed (whole tree) on dispose.</item>
/// </list>
/// Use it as a collection fixture: declare
/// <c>[CollectionDefinition("azurite")] public class AzuriteCollection : ICollectionFixture&lt;AzuriteFixture&gt; {}</c>
/// in the test project.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string ConnectionStringVariable = "HUBREALTIME_TEST_AZURE_CONNECTION_STRING";
    public const string ModeVariable = "HUBREALTIME_TEST_AZURITE";

    /// <summary>The Azurite image used in Testcontainers mode, pinned to the npm devDependency's version.</summary>
    public const string AzuriteImage = "mcr.microsoft.com/azure-storage/azurite:3.37.0";

    /// <summary>The well-known key of Azurite's devstoreaccount1 (public, documented by Microsoft).</summary>
    public const string DevAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);
    private const int MaxStartAttempts = 3;
    private const int MaxCapturedChars = 64 * 1024;

    private readonly StringBuilder _output = new();
    private readonly Lock _outputGate = new();
    private Process? _process;
    private IContainer? _container;
    private TempDirectory? _workDirectory;
    private string? _connectionString;

    /// <summary>The connection string of the storage account; valid after <see cref="InitializeAsync"/>.</summary>
    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The Azurite fixture is not initialized.");

    /// <summary>Where the account comes from: "environment", "testcontainers" or "node".</summary>
    public string Source { get; private set; } = "none";

    /// <summary>The Azurite process when this fixture started one ("node"), so a test can suspend it (SIGSTOP/SIGCONT).</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>The standard explicit connection string of devstoreaccount1 at the given endpoints.</summary>
    public static string BuildConnectionString(string host, int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={DevAccountKey};" +
        $"BlobEndpoint=http://{host}:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://{host}:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://{host}:{tablePort}/devstoreaccount1;";

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            Source = "environment";
            _connectionString = external;
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable(ModeVariable), "testcontainers", StringComparison.OrdinalIgnoreCase))
        {
            Source = "testcontainers";
            await StartContainerAsync();
            return;
        }

        Source = "node";
        await StartNodeAzuriteAsync();
    }

    public async Task DisposeAsync()
    {
        await StopProcessAsync();
        if (_container is not null)
        {
            await _container.DisposeAsync();
            _container = null;
        }

        _workDirectory?.Dispose();
        _workDirectory = null;
    }

    private async Task StartContainerAsync()
    {
        const int blob = 10000, queue = 10001, table = 10002;
        _container = new ContainerBuilder(AzuriteImage)
            .WithCommand(
                "azurite", "--disableTelemetry", "--inMemoryPersistence",
                "--blobHost", "0.0.0.0", "--queueHost", "0.0.0.0", "--tableHost", "0.0.0.0")
            .WithPortBinding(blob, assignRandomHostPort: true)
            .WithPortBinding(queue, assignRandomHostPort: true)
            .WithPortBinding(table, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("Table service is successfully listening"))
            .Build();

        using var timeout = new CancellationTokenSource(StartupTimeout);
        await _container.StartAsync(timeout.Token);

        var host = _container.Hostname;
        int blobPort = _container.GetMappedPublicPort(blob), tablePort = _container.GetMappedPublicPort(table);
        var connectionString = BuildConnectionString(host, blobPort, _container.GetMappedPublicPort(queue), tablePort);
        await WaitUntilAnsweringAsync(host, blobPort, tablePort, process: null);
        _connectionString = connectionString;
    }

    private async Task StartNodeAzuriteAsync()
    {
        var repoRoot = FindRepositoryRoot();
        var binary = Path.Combine(repoRoot, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed: '{binary}' is missing. Run `npm ci` at the repository root ({repoRoot}), " +
                $"or set {ConnectionStringVariable} to an existing storage account.");
        }

        _workDirectory = new TempDirectory("hubrealtime-azurite");
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts.Get(3);
            int blobPort = ports[0], queuePort = ports[1], tablePort = ports[2];
            StartProcess(binary, blobPort, queuePort, tablePort);
            try
            {
                await WaitUntilAnsweringAsync("127.0.0.1", blobPort, tablePort, _process);
                _connectionString = BuildConnectionString("127.0.0.1", blobPort, queuePort, tablePort);
                return;
            }
            catch (InvalidOperationException) when (attempt < MaxStartAttempts && CapturedOutput().Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                // Another process took one of the ports between FreePorts releasing it and Azurite binding it.
                await StopProcessAsync();
            }
            catch
            {
                await StopProcessAsync();
                throw;
            }
        }
    }

    private void StartProcess(string binary, int blobPort, int queuePort, int tablePort)
    {
        lock (_outputGate)
        {
            _output.Clear();
        }

        var startInfo = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            CreateNoWindow = true,
            WorkingDirectory = _workDirectory!.Path,
        };
        foreach (var argument in new[]
                 {
                     "--silent", "--disableTelemetry", "--inMemoryPersistence",
                     "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                     "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start '{binary}'.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private async Task WaitUntilAnsweringAsync(string host, int blobPort, int tablePort, Process? process)
    {
        // Any HTTP response (Azurite answers an unsigned request with 403) means the service listens.
        var probes = new[]
        {
            new Uri($"http://{host}:{tablePort}/devstoreaccount1/Tables"),
            new Uri($"http://{host}:{blobPort}/devstoreaccount1?comp=list"),
        };
        using var http = new HttpClient { Timeout = ProbeTimeout };
        using var deadline = new CancellationTokenSource(StartupTimeout);
        using var timer = new PeriodicTimer(PollInterval);
        var ready = new bool[probes.Length];
        Exception? lastError = null;
        while (true)
        {
            if (process is { HasExited: true })
            {
                // Let the output readers reach the end of the streams, so the message shows everything.
                using (var drain = new CancellationTokenSource(KillTimeout))
                {
                    try
                    {
                        await process.WaitForExitAsync(drain.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                throw new InvalidOperationException(
                    $"Azurite exited with code {process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture)} " +
                    $"before answering on blob port {blobPort} / table port {tablePort}. Its output (stdout and stderr):" +
                    $"{Environment.NewLine}{CapturedOutput()}");
            }

            for (var i = 0; i < probes.Length; i++)
            {
                if (ready[i])
                {
                    continue;
                }

                try
                {
                    using var response = await http.GetAsync(probes[i], deadline.Token);
                    ready[i] = true;
                }
                catch (HttpRequestException e)
                {
                    lastError = e;
                }
                catch (TaskCanceledException e) when (!deadline.IsCancellationRequested)
                {
                    lastError = e; // one probe timed out; keep polling
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    break;
                }
            }

            if (ready.All(r => r))
            {
                return;
            }

            try
            {
                await timer.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new InvalidOperationException(
                    $"Azurite did not answer on {host} blob port {blobPort} / table port {tablePort} within {StartupTimeout.TotalSeconds:0} s " +
                    $"(last error: {lastError?.Message}). Its output (stdout and stderr):{Environment.NewLine}{CapturedOutput()}");
            }
        }
    }

    private async Task StopProcessAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(KillTimeout);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (OperationCanceledException)
        {
            // It did not die in time; nothing more can be done from here.
        }
        finally
        {
            process.Dispose();
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputGate)
        {
            if (_output.Length + line.Length > MaxCapturedChars)
            {
                _output.Remove(0, Math.Min(_output.Length, line.Length + 1024));
            }

            _output.AppendLine(line);
        }
    }

    private string CapturedOutput()
    {
        lock (_outputGate)
        {
            return _output.Length == 0 ? "(nothing)" : _output.ToString();
        }
    }

    /// <summary>The directory holding HubRealtime.sln, found by walking up from the test's output directory.</summary>
    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HubRealtime.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No HubRealtime.sln found above '{AppContext.BaseDirectory}'; cannot locate node_modules/.bin/azurite.");
    }
}
