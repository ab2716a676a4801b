using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Abstractions.Realtime;
using HubRealtime.Grains.Cluster;
using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Realtime;

/// <summary>
/// The per-silo observer of notes, on the same feed machinery as rooms (<see cref="StreamFeeds{T}"/>):
/// <see cref="NoteConnections"/> opens a note's feed with its first local connection; each stored batch
/// of revisions arrives here once per silo and goes to the note's group in revision order. Cursors and
/// lock changes are transient and go straight to the group.
/// </summary>
public sealed partial class NoteFanout : INoteObserver, IHostedService, IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly IHubContext<RoomHub, IRoomClient> _hub;
    private readonly ILocalSiloDetails _silo;
    private readonly ILogger<NoteFanout> _logger;
    private readonly StreamFeeds<NoteOp> _feeds;
    private INoteObserver? _self;

    public NoteFanout(
        IGrainFactory grains, IHubContext<RoomHub, IRoomClient> hub, ILocalSiloDetails silo,
        MembershipChanges membership, TimeProvider time, ILogger<NoteFanout> logger)
    {
        _grains = grains;
        _hub = hub;
        _silo = silo;
        _logger = logger;
        _feeds = new(new StreamFeedSource<NoteOp>(
            "note",
            Subscribe: noteId => Note(noteId).Subscribe(Self, _silo.SiloAddress),
            Unsubscribe: noteId => Note(noteId).Unsubscribe(Self),
            ReadAfter: async (noteId, from) =>
            {
                var page = await Note(noteId).GetOpsAfter(Caller.System, from, Grains.Notes.NoteGrain.MaxPage);
                return (page.Ops, page.LastRev);
            },
            Send: (noteId, ops) => _hub.Clients.Group(NoteGroups.Name(noteId)).NoteOps(new NoteOpsEvent(noteId, ops))), time, membership, logger);
    }

    // An object reference needs the running silo; this singleton keeps it alive (Orleans holds observers weakly).
    private INoteObserver Self => _self ??= _grains.CreateObjectReference<INoteObserver>(this);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _feeds.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The note's feed, subscribed with its first local connection. Called under <see cref="NoteConnections"/>' lock.</summary>
    internal Task Open(string noteId) => _feeds.Open(noteId);

    /// <summary>The note's last local connection closed it. Called under <see cref="NoteConnections"/>' lock.</summary>
    internal void Close(string noteId) => _feeds.Close(noteId);

    public Task OnNoteOps(string noteId, IReadOnlyList<NoteOp> ops)
    {
        _feeds.Accept(noteId, ops);
        return Task.CompletedTask;
    }

    public Task OnNoteCursor(NoteCursor cursor) =>
        SendAsync(cursor.NoteId, group => group.NoteCursor(cursor));

    public Task OnNoteState(NoteStateEvent state) =>
        SendAsync(state.NoteId, group => group.NoteState(state));

    private async Task SendAsync(string noteId, Func<IRoomClient, Task> send)
    {
        try
        {
            await send(_hub.Clients.Group(NoteGroups.Name(noteId)));
        }
        catch (Exception error)
        {
            LogSendFailed(error, noteId);
        }
    }

    private INoteGrain Note(string noteId) => _grains.GetGrain<INoteGrain>(noteId);

    public void Dispose() => _feeds.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending a cursor or state of note {NoteId} to its group failed")]
    private partial void LogSendFailed(Exception error, string noteId);
}

/// <summary>SignalR group naming for notes: one group per open note.</summary>
internal static class NoteGroups
{
    public static string Name(string noteId) => "note:" + noteId;
}
