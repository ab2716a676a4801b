using System.Runtime;
using System.Runtime.InteropServices;

namespace HubRealtime.Bench;

/// <summary>Describes the machine and runtime the numbers come from.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var gc = GCSettings.IsServerGC ? "Server GC" : "Workstation GC";
        return $"{Environment.ProcessorCount} cores ({CpuModel()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {gc}, {RuntimeInformation.ProcessArchitecture}, {MemoryGiB():0} GiB";
    }

    /// <summary>Whether the product and bench assemblies were compiled optimized: a Debug build disables the JIT optimizer for them.</summary>
    public static string Build()
    {
        var assemblies = new[] { typeof(Program).Assembly, typeof(HubRealtime.Grains.Rooms.RoomGrain).Assembly, typeof(MachineInfo).Assembly };
        var debug = assemblies.Where(a => a.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>().Any(d => d.IsJITOptimizerDisabled)).Select(a => a.GetName().Name).ToList();
        return debug.Count == 0
            ? "Release (optimized)"
            : $"DEBUG, JIT optimizer disabled for {string.Join(", ", debug)}: not representative, build with -c Release";
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "cpu unknown";
        }
        catch (IOException)
        {
            return "cpu unknown";
        }
    }

    private static double MemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
}

internal static class FileSystems
{
    /// <summary>The file system type of the mount holding <paramref name="path"/> (from /proc/mounts), e.g. ext4 or tmpfs.</summary>
    public static string TypeOf(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            var best = ("", "unknown");
            foreach (var line in File.ReadLines("/proc/mounts"))
            {
                var parts = line.Split(' ');
                if (parts.Length > 2 && IsUnder(full, parts[1]) && parts[1].Length >= best.Item1.Length)
                {
                    best = (parts[1], $"{parts[2]} ({parts[0]} at {parts[1]})");
                }
            }
            return best.Item2;
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static bool IsUnder(string path, string mount) =>
        mount == "/" || path == mount || path.StartsWith(mount + "/", StringComparison.Ordinal);
}
