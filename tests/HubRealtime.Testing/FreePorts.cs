using System.Net;
using System.Net.Sockets;

namespace HubRealtime.Testing;

/// <summary>
/// Hands out free TCP ports on 127.0.0.1. Each port is found by binding to port 0 and reading what the
/// OS chose; a process-wide set makes sure one test run never hands the same port out twice, even to
/// tests running in parallel. The port is released before it is returned, so a foreign process could
/// still take it in between: callers that start servers should be ready to retry on "address in use".
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];
    private static readonly Lock Gate = new();

    /// <summary>One free port.</summary>
    public static int GetOne() => Get(1)[0];

    /// <summary><paramref name="count"/> distinct free ports, never handed out before in this process.</summary>
    public static int[] Get(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var listeners = new List<TcpListener>(count);
        var ports = new List<int>(count);
        try
        {
            lock (Gate)
            {
                // Keep every listener bound until all ports are chosen, so the OS can't give the same one twice.
                const int maxAttempts = 1000;
                for (var attempt = 0; ports.Count < count; attempt++)
                {
                    if (attempt >= maxAttempts)
                    {
                        throw new InvalidOperationException($"Could not find {count} free TCP ports on 127.0.0.1.");
                    }

                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Server.ExclusiveAddressUse = true;
                    listener.Start();
                    listeners.Add(listener);
                    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                    if (Handed.Add(port))
                    {
                        ports.Add(port);
                    }
                }
            }
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }

        return [.. ports];
    }
}
