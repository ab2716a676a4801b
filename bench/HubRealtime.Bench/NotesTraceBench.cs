using System.Diagnostics;
using System.Globalization;
using HubRealtime.Grains.Notes;

namespace HubRealtime.Bench;

/// <summary>
/// --mode notes-trace --trace FILE: replays a real editing trace in process through the note grain's
/// path (op policy + NoteDocument, <see cref="EditingTraceReplay"/>), no grains and no network. Only the
/// replay is timed, not reading the file; each round starts from a fresh document.
/// </summary>
internal static class NotesTraceBench
{
    public static int Run(BenchOptions options)
    {
        var trace = EditingTrace.Load(options.TraceFile!);
        Console.WriteLine($"trace {trace.Name}: {trace.Patches.Count} patches, {trace.StartContent.Length} -> {trace.EndContent.Length} UTF-16 units, {options.Rounds} round(s)");
        var allEqual = true;
        for (var round = 1; round <= options.Rounds; round++)
        {
            var document = EditingTraceReplay.Start(trace);
            var started = Stopwatch.GetTimestamp();
            EditingTraceReplay.Run(trace, document);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var equal = document.ToPlainText() == trace.EndContent;
            allEqual &= equal;
            if (round < options.Rounds)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}: {seconds:0.00} s, equal={equal}, {document.ChunkCount} chunks"));
            }
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"trace {trace.Name} ops={trace.Patches.Count} equal={(equal ? "true" : "false")} seconds={seconds:0.00}"));
            }
        }
        return allEqual ? 0 : 1;
    }
}
