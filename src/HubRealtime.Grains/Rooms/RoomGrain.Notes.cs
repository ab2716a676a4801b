using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Rooms;

/// <summary>The room's notes: every room has "main"; a working group's room may keep named ones (listed in the room's state).</summary>
public sealed partial class RoomGrain
{
    public Task<RoomCapabilities> GetNoteAccess(Caller caller, string doc)
    {
        RequireAccess(caller);
        if (doc != NoteId.Main && !state.State.Notes.Exists(n => n.Doc == doc))
        {
            throw new HubRealtimeException(ErrorCodes.NoteNotFound, $"This room has no note '{doc}'.");
        }
        return Task.FromResult(CapabilitiesOf(caller));
    }

    public Task<IReadOnlyList<NoteInfo>> ListNotes(Caller caller)
    {
        RequireAccess(caller);
        IReadOnlyList<NoteInfo> notes =
        [
            new NoteInfo(NoteId.Of(RoomId, NoteId.Main), NoteId.Main, "", null, null),
            .. state.State.Notes.Select(n => new NoteInfo(NoteId.Of(RoomId, n.Doc), n.Doc, n.Title, n.CreatedAt, n.CreatedBy)),
        ];
        return Task.FromResult(notes);
    }

    public async Task<NoteInfo> AddNote(Caller caller, string doc, string title)
    {
        RequireAccess(caller);
        RequireWritable(caller);
        if (!RoomId.StartsWith(Abstractions.Rooms.RoomId.WorkingGroupPrefix, StringComparison.Ordinal))
        {
            throw HubRealtimeException.Invalid("Only a working group's room keeps notes besides its shared note.");
        }
        var noteId = NoteId.Of(RoomId, doc);
        var cleanTitle = ChatInput.Title(title);
        if (doc == NoteId.Main || state.State.Notes.Exists(n => n.Doc == doc))
        {
            throw new HubRealtimeException(ErrorCodes.NoteExists, $"This room has a note '{doc}' already.");
        }
        if (state.State.Notes.Count >= NoteLimits.MaxNamedNotes)
        {
            throw HubRealtimeException.Invalid($"A room keeps at most {NoteLimits.MaxNamedNotes} named notes.");
        }
        var entry = new RoomNoteEntry(doc, cleanTitle, time.GetUtcNow(), caller.UserId);
        await WriteStateAsync(s => s.Notes.Add(entry));
        await GrainFactory.GetGrain<IAuditLogGrain>(state.State.AccessScope ?? AuditScope.Hub)
            .Append(Caller.System, new AuditEvent(caller.UserId, Notes.NoteAudit.Created, noteId, cleanTitle));
        return new NoteInfo(noteId, doc, cleanTitle, entry.CreatedAt, entry.CreatedBy);
    }
}
