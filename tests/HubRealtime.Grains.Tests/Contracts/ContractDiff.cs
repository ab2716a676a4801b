using System.Globalization;
using System.Text;

namespace HubRealtime.Grains.Tests.Contracts;

/// <summary>Compares a contract snapshot with the checked-in one, line by line within each contract.</summary>
internal static class ContractDiff
{
    public const string UpdateVariable = "UPDATE_CONTRACT_SNAPSHOT";

    /// <summary>The differences, one line each ("- " expected only, "+ " actual only), grouped by contract; empty when equal.</summary>
    public static IReadOnlyList<string> Compare(string expected, string actual)
    {
        var before = Sections(expected);
        var after = Sections(actual);
        var differences = new List<string>();
        foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var old = before.GetValueOrDefault(key) ?? [];
            var now = after.GetValueOrDefault(key) ?? [];
            var removed = old.Except(now, StringComparer.Ordinal).Select(l => "- " + l);
            var added = now.Except(old, StringComparer.Ordinal).Select(l => "+ " + l);
            var lines = removed.Concat(added).ToList();
            if (lines.Count > 0)
            {
                differences.Add($"{key}:");
                differences.AddRange(lines.Select(l => "    " + l));
            }
        }
        return differences;
    }

    /// <summary>The failure message: what changed and what to do about it.</summary>
    public static string Explain(IReadOnlyList<string> differences, string snapshotPath)
    {
        var text = new StringBuilder();
        text.AppendLine("The Orleans wire contracts differ from the checked-in snapshot:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {snapshotPath}");
        foreach (var line in differences)
        {
            text.AppendLine("  " + line);
        }
        text.AppendLine();
        text.AppendLine("A changed alias or [Id], a member's type, a removed method or enum value breaks silos and");
        text.AppendLine("stored state of the previous build during a rolling upgrade. If the change is wrong, undo it.");
        text.AppendLine("If it is intended (new members with new ids, new contracts, a planned break), regenerate:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {UpdateVariable}=1 dotnet test tests/HubRealtime.Grains.Tests --filter FullyQualifiedName~ContractSnapshotTests");
        text.AppendLine("and commit the snapshot with the change, saying in the message why it is compatible.");
        return text.ToString();
    }

    /// <summary>Each contract's lines, keyed by its header line.</summary>
    private static Dictionary<string, List<string>> Sections(string snapshot)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in snapshot.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            if (!line.StartsWith(' '))
            {
                current = [];
                sections[HeaderKey(line)] = current;
                current.Add(line);
            }
            else
            {
                current?.Add(line.Trim());
            }
        }
        return sections;
    }

    /// <summary>"interface X (..)", "record X", "enum X: .." are keyed by kind and alias.</summary>
    private static string HeaderKey(string header)
    {
        var parts = header.Split(' ', 3);
        return parts.Length >= 2 ? $"{parts[0]} {parts[1].TrimEnd(':')}" : header;
    }
}
