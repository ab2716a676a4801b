using Orleans.Concurrency;
using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Abstractions.Workspace;

/// <summary>
/// One user's workspace (key: the user id): read positions per room, unread mentions per room and the
/// rooms they joined. Only the user themself (and the system, for mentions and joins) may call it.
/// </summary>
[Alias("HubRealtime.Abstractions.Workspace.IWorkspaceGrain")]
public interface IWorkspaceGrain : IGrainWithStringKey
{
    /// <summary>Groups, meetings and joined rooms with their counters, checked against each grain's rules for the caller.</summary>
    [Alias("Get")]
    Task<WorkspaceView> Get(Caller caller);

    /// <summary>
    /// Moves the read position in <paramref name="roomId"/> to <paramref name="seq"/> (clamped to the room's
    /// last sequence); a lower sequence changes nothing. Mentions at or before it are cleared.
    /// </summary>
    [Alias("MarkRead")]
    Task<ReadPosition> MarkRead(Caller caller, string roomId, long seq);

    /// <summary>Remembers a room the user joined (not a group's or a meeting's): the newest first, at most 100.</summary>
    [Alias("RecordJoin")]
    Task RecordJoin(Caller caller, string roomId);

    /// <summary>Drops a room from "rooms I joined" (and its read position); unknown rooms are a no-op.</summary>
    [Alias("Forget")]
    Task Forget(Caller caller, string roomId);

    /// <summary>System only (the room): message <paramref name="seq"/> of the room mentions this user.</summary>
    [Alias("OnMentioned"), OneWay]
    Task OnMentioned(Caller caller, string roomId, long seq);
}
