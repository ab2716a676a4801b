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

    /// <summary>True when clients sign in (<see cref="AccessTokenAsync"/>); false when they name themselves in the query (<c>?user=&amp;name=</c>).</summary>
    bool UsesAccounts { get; }

    /// <summary>A bearer token for bench user <paramref name="index"/>, its account made on first use (only when <see cref="UsesAccounts"/>).</summary>
    Task<string?> AccessTokenAsync(int index, CancellationToken cancellationToken);
}

internal static class BenchRooms
{
    public static string[] Ids(int rooms) => [.. Enumerable.Range(0, rooms).Select(i => $"bench-{i}")];
}
