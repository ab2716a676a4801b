namespace HubRealtime.Bench;

/// <summary>A running server under test: where to connect, which rooms exist, and what to say about it.</summary>
internal interface IBenchTarget : IAsyncDisposable
{
    string Name { get; }
    Uri BaseAddress { get; }
    IReadOnlyList<string> RoomIds { get; }

    /// <summary>One line describing what this server does per message (storage, transport).</summary>
    string Description { get; }

    /// <summary>Stage timings inside the server, when it was started with a probe; otherwise null.</summary>
    ServerProbe? Probe { get; }
}

internal static class BenchRooms
{
    public static string[] Ids(int rooms) => [.. Enumerable.Range(0, rooms).Select(i => $"bench-{i}")];
}
