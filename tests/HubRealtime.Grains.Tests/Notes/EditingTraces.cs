namespace HubRealtime.Grains.Tests.Notes;

/// <summary>
/// Finds the real editing traces (shared/data/editing-traces): HUBREALTIME_EDITING_TRACES, else a
/// shared/data/editing-traces folder beside any ancestor of the test binaries, else
/// /work/shared/data/editing-traces. Missing traces fail the tests: they are never skipped.
/// </summary>
internal static class EditingTraces
{
    public const string EnvironmentVariable = "HUBREALTIME_EDITING_TRACES";
    private const string Fallback = "/work/shared/data/editing-traces";

    public static string Directory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return System.IO.Directory.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new InvalidOperationException($"{EnvironmentVariable} is {fromEnvironment}, which is not a directory.");
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "editing-traces");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return System.IO.Directory.Exists(Fallback)
            ? Fallback
            : throw new InvalidOperationException(
                $"No editing traces found: set {EnvironmentVariable}, or put shared/data/editing-traces beside an ancestor of {AppContext.BaseDirectory}, or at {Fallback}.");
    }

    /// <summary>Every trace file (*.json.gz); at least one, or the tests fail.</summary>
    public static string[] Files()
    {
        var directory = Directory();
        var files = System.IO.Directory.GetFiles(directory, "*.json.gz").Order(StringComparer.Ordinal).ToArray();
        return files.Length > 0 ? files : throw new InvalidOperationException($"{directory} holds no *.json.gz editing trace.");
    }
}
