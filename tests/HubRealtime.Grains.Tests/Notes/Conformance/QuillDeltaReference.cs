using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace HubRealtime.Grains.Tests.Notes.Conformance;

/// <summary>
/// Runs generate-cases.mjs on Node with the repository's quill-delta 5.1.0 (root node_modules) and hands out
/// its cases by kind. Missing Node or a missing package fails the tests with what to do: a conformance test
/// that silently skips proves nothing.
/// </summary>
public sealed class QuillDeltaReference
{
    /// <summary>Fixed so every run checks the same cases; DELTA_CONFORMANCE_SEED explores others.</summary>
    public const int DefaultSeed = 20261204;
    public const int CasesPerKind = 10_000;

    private readonly Lazy<Generated> _generated = new(Generate);

    public int Seed => _generated.Value.Seed;
    public TimeSpan GenerationTime => _generated.Value.Time;

    /// <summary>The cases of one kind (a kind with its priority, e.g. "transform:true"), each as the JSON line the script wrote.</summary>
    public IReadOnlyList<JsonElement> Cases(string kind) =>
        _generated.Value.ByKind.TryGetValue(kind, out var cases) ? cases : [];

    private sealed record Generated(int Seed, TimeSpan Time, Dictionary<string, List<JsonElement>> ByKind);

    private static Generated Generate()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("DELTA_CONFORMANCE_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var root = RepositoryRoot();
        var package = Path.Combine(root, "node_modules", "quill-delta", "package.json");
        if (!File.Exists(package))
        {
            throw new InvalidOperationException($"quill-delta is not installed ({package} is missing): run `npm ci` in {root}.");
        }
        var version = JsonDocument.Parse(File.ReadAllText(package)).RootElement.GetProperty("version").GetString();
        if (version != "5.1.0")
        {
            throw new InvalidOperationException($"The conformance tests check against quill-delta 5.1.0, but {version} is installed: run `npm ci` in {root}.");
        }

        var script = Path.Combine(root, "tests", "HubRealtime.Grains.Tests", "Notes", "Conformance", "generate-cases.mjs");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(seed.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(CasesPerKind.ToString(CultureInfo.InvariantCulture));

        var clock = Stopwatch.StartNew();
        Process node;
        try
        {
            node = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("Node.js is not on PATH: the delta conformance tests run quill-delta on `node` (20 or later).", e);
        }
        using (node)
        {
            var errors = node.StandardError.ReadToEndAsync();
            var byKind = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
            while (node.StandardOutput.ReadLine() is { } line)
            {
                var element = JsonDocument.Parse(line).RootElement;
                var kind = element.GetProperty("kind").GetString()!;
                if (element.TryGetProperty("priority", out var priority))
                {
                    kind += priority.GetBoolean() ? ":true" : ":false";
                }
                if (!byKind.TryGetValue(kind, out var cases))
                {
                    byKind[kind] = cases = [];
                }
                cases.Add(element);
            }
            node.WaitForExit();
            if (node.ExitCode != 0)
            {
                throw new InvalidOperationException($"generate-cases.mjs exited with {node.ExitCode}: {errors.Result}");
            }
            return new Generated(seed, clock.Elapsed, byKind);
        }
    }

    /// <summary>The directory holding HubRealtime.sln, found upwards from the test assembly.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HubRealtime.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No HubRealtime.sln above {AppContext.BaseDirectory}.");
    }
}
