using System.Collections.Concurrent;
using System.Security.Claims;
using HubRealtime.Abstractions.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Authentication;

/// <summary>
/// This silo's live hub connections by user id, so that a revoked user's connections can all be
/// aborted at once. The hub registers each connection on connect and removes it on disconnect.
/// A revocation that lands between the connection's authentication and its registration would miss
/// it, so each registration re-checks the session once, after it is registered.
/// </summary>
public sealed partial class ConnectionRegistry(IGrainFactory grains, ILogger<ConnectionRegistry> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HubCallerContext>> _byUser = new(StringComparer.Ordinal);

    /// <summary>For the hub (which is created per call): registers through the request's services.</summary>
    public static void Register(HubCallerContext context) => Of(context)?.Add(context);

    public static void Unregister(HubCallerContext context) => Of(context)?.Remove(context);

    public void Add(HubCallerContext context)
    {
        if (UserOf(context) is { } user)
        {
            _byUser.GetOrAdd(user, _ => new ConcurrentDictionary<string, HubCallerContext>(StringComparer.Ordinal))[context.ConnectionId] = context;
            _ = RecheckAsync(user, context);
        }
    }

    /// <summary>
    /// Re-checks the session of every live connection of these users (of everyone when null) and aborts
    /// those whose stamp no longer validates; false when a check failed (the caller retries later).
    /// </summary>
    public async Task<bool> RecheckAsync(IEnumerable<string>? userIds)
    {
        var checks = new List<Task<bool>>();
        foreach (var user in userIds ?? _byUser.Keys)
        {
            if (_byUser.TryGetValue(user, out var connections))
            {
                checks.AddRange(connections.Values.Select(context => RecheckAsync(user, context)));
            }
        }
        return (await Task.WhenAll(checks)).All(ok => ok);
    }

    private async Task<bool> RecheckAsync(string user, HubCallerContext context)
    {
        var stamp = context.User?.FindFirstValue(AuthConstants.StampClaim);
        if (stamp is null)
        {
            // Not a real session (the interim dev query identity): nothing to re-check.
            return true;
        }
        try
        {
            if (await grains.GetGrain<IUserGrain>(user).ValidateSession(stamp) is null)
            {
                Remove(context);
                context.Abort();
            }
            return true;
        }
        catch (Exception error)
        {
            LogRecheckFailed(error, context.ConnectionId);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-checking the session of hub connection {ConnectionId} failed")]
    private partial void LogRecheckFailed(Exception error, string connectionId);

    public void Remove(HubCallerContext context)
    {
        if (UserOf(context) is { } user && _byUser.TryGetValue(user, out var connections))
        {
            connections.TryRemove(context.ConnectionId, out _);
            if (connections.IsEmpty)
            {
                // Drop the empty set unless a new connection raced in.
                ((ICollection<KeyValuePair<string, ConcurrentDictionary<string, HubCallerContext>>>)_byUser).Remove(new(user, connections));
            }
        }
    }

    /// <summary>Aborts every live connection of these users on this silo; returns how many.</summary>
    public int AbortAll(IEnumerable<string> userIds)
    {
        var aborted = 0;
        foreach (var user in userIds)
        {
            if (_byUser.TryRemove(user, out var connections))
            {
                foreach (var context in connections.Values)
                {
                    context.Abort();
                    aborted++;
                }
            }
        }
        return aborted;
    }

    /// <summary>The ids of this user's live connections on this silo.</summary>
    public IReadOnlyList<string> ConnectionIdsOf(string userId) =>
        _byUser.TryGetValue(userId, out var connections) ? [.. connections.Keys] : [];

    public int CountFor(string userId) => _byUser.TryGetValue(userId, out var connections) ? connections.Count : 0;

    private static string? UserOf(HubCallerContext context) =>
        context.User?.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    private static ConnectionRegistry? Of(HubCallerContext context) =>
        context.GetHttpContext()?.RequestServices.GetService<ConnectionRegistry>();
}
