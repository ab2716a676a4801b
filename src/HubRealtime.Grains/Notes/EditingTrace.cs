using System.IO.Compression;
using System.Text.Json;

namespace HubRealtime.Grains.Notes;

/// <summary>One edit of a trace: at code point <see cref="Position"/>, delete <see cref="Deleted"/> code points, then insert the text.</summary>
public readonly record struct EditingTracePatch(int Position, int Deleted, string Inserted);

/// <summary>
/// A recorded editing history (josephg/editing-traces "sequential" format: gzip JSON with
/// startContent, endContent and txns of patches [position, deleted, text] in code points).
/// </summary>
public sealed record EditingTrace(string Name, string StartContent, string EndContent, IReadOnlyList<EditingTracePatch> Patches)
{
    public const string FileSuffix = ".json.gz";

    public static EditingTrace Load(string path)
    {
        var name = Path.GetFileName(path);
        name = name.EndsWith(FileSuffix, StringComparison.OrdinalIgnoreCase) ? name[..^FileSuffix.Length] : name;
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var json = JsonDocument.Parse(gzip);
        var root = json.RootElement;
        var patches = new List<EditingTracePatch>();
        foreach (var txn in root.GetProperty("txns").EnumerateArray())
        {
            foreach (var patch in txn.GetProperty("patches").EnumerateArray())
            {
                if (patch.GetArrayLength() != 3)
                {
                    throw new InvalidDataException($"{path}: a patch is not [position, deleted, text]: {patch.GetRawText()}");
                }
                patches.Add(new EditingTracePatch(patch[0].GetInt32(), patch[1].GetInt32(), patch[2].GetString()!));
            }
        }
        return new EditingTrace(name, root.GetProperty("startContent").GetString()!, root.GetProperty("endContent").GetString()!, patches);
    }
}
