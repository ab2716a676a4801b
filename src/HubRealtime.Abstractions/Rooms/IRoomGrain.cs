using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Abstractions.Rooms;

/// <summary>
/// One room (breakout, plenary or working-group room): the single writer of its chat log and the
/// source of its live events. Keyed by a <see cref="RoomId"/>. A room is open to every identified
/// caller unless its owner restricted it (<see cref="RoomAccess"/>): then only its members (and the
/// system) get its info, join, send or read history; anyone else gets forbidden.
/// </summary>
[Alias("HubRealtime.Abstractions.Rooms.IRoomGrain")]
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>Creates the room; fails with room_exists if it already exists.</summary>
    [Alias("Create")]
    Task<RoomInfo> Create(Caller caller, string title);

    /// <summary>
    /// System only (an owning grain, e.g. a working group): creates the room already restricted by
    /// <paramref name="access"/>, so it is never open, not even for a moment. The room's creator is
    /// the owner scope. Fails with room_exists like <see cref="Create"/>.
    /// </summary>
    [Alias("CreateRestricted")]
    Task<RoomInfo> CreateRestricted(Caller caller, string title, RoomAccess access);

    /// <summary>System only: replaces who may use the room (a full replace, so repeating it is harmless).</summary>
    [Alias("ConfigureAccess")]
    Task ConfigureAccess(Caller caller, RoomAccess access);

    /// <summary>The room, or room_not_found.</summary>
    [Alias("GetInfo")]
    Task<RoomInfo> GetInfo(Caller caller);

    /// <summary>The room's title and counters (last sequence, message counter) for a reader who may read it; O(1).</summary>
    [Alias("GetActivity")]
    Task<RoomActivity> GetActivity(Caller caller);

    /// <summary>What the caller may do in the room now (forbidden if they may not read it); the room's notes and polls follow it.</summary>
    [Alias("GetCapabilities")]
    Task<RoomCapabilities> GetCapabilities(Caller caller);

    /// <summary>
    /// What the caller may do with the room's note <paramref name="doc"/> (the room's capabilities);
    /// note_not_found for a named note the room does not keep.
    /// </summary>
    [Alias("GetNoteAccess")]
    Task<RoomCapabilities> GetNoteAccess(Caller caller, string doc);

    /// <summary>The room's notes: "main" first, then a working group's named notes, oldest first.</summary>
    [Alias("ListNotes")]
    Task<IReadOnlyList<NoteInfo>> ListNotes(Caller caller);

    /// <summary>A working group's room only: adds a named note (writers of the room); audited. note_exists if the name is taken.</summary>
    [Alias("AddNote")]
    Task<NoteInfo> AddNote(Caller caller, string doc, string title);

    /// <summary>System only: the room's owner scope (a working group's or meeting's audit scope), null for an open room.</summary>
    [Alias("GetOwnerScope")]
    Task<string?> GetOwnerScope(Caller caller);

    /// <summary>
    /// The message counter at <paramref name="seq"/> (clamped to the last sequence) for a reader who may
    /// read the room: one window or point read, whatever the history.
    /// </summary>
    [Alias("ReadPoint")]
    Task<RoomReadPoint> ReadPoint(Caller caller, long seq);

    /// <summary>Room, newest history and last sequence for a joining member.</summary>
    [Alias("Join")]
    Task<RoomSnapshot> Join(Caller caller);

    /// <summary>Appends a message; completes only after it is durably stored.</summary>
    [Alias("Send")]
    Task<SendAck> Send(Caller caller, SendMessageRequest request);

    /// <summary>Up to <paramref name="limit"/> events with seq &lt; <paramref name="beforeSeq"/>, ascending.</summary>
    [Alias("GetHistoryBefore")]
    Task<RoomEventPage> GetHistoryBefore(Caller caller, long beforeSeq, int limit);

    /// <summary>Up to <paramref name="limit"/> events with seq &gt; <paramref name="afterSeq"/>, ascending (resume).</summary>
    [Alias("GetHistoryAfter")]
    Task<RoomEventPage> GetHistoryAfter(Caller caller, long afterSeq, int limit);

    /// <summary>
    /// System only: posts a notice (Kind Notice, sender ActorId or "#system") into the room's stream;
    /// returns its sequence once durable. Allowed in a closed room.
    /// </summary>
    [Alias("PostNotice")]
    Task<long> PostNotice(Caller caller, RoomNotice notice);

    /// <summary>System only: a closed room is read-only (room_closed for sends and changes); history stays readable.</summary>
    [Alias("SetClosed")]
    Task SetClosed(Caller caller, bool closed);

    /// <summary>
    /// Edits the caller's own message <paramref name="seq"/> (an Edit event). message_not_found for no
    /// such message (or a deleted one), forbidden for someone else's. The same text again is a no-op (Seq 0).
    /// </summary>
    [Alias("Edit")]
    Task<ChangeAck> Edit(Caller caller, long seq, string text);

    /// <summary>Deletes a message (own, or any as moderator): its text is erased from storage. Repeating it is a no-op (Seq 0).</summary>
    [Alias("Delete")]
    Task<ChangeAck> Delete(Caller caller, long seq);

    /// <summary>Adds or removes the caller's reaction <paramref name="emoji"/> on a message; a repeat is a no-op (Seq 0).</summary>
    [Alias("React")]
    Task<ChangeAck> React(Caller caller, long seq, string emoji, bool add);

    /// <summary>Moderators (and the system): mutes or unmutes a user in this room; a muted user's sends are refused with muted.</summary>
    [Alias("Mute")]
    Task Mute(Caller caller, string userId, bool muted);

    /// <summary>
    /// System only: events older than <paramref name="retention"/> are really deleted from storage by a
    /// periodic purge (null: keep forever).
    /// </summary>
    [Alias("SetRetention")]
    Task SetRetention(Caller caller, TimeSpan? retention);

    /// <summary>System only: the retention and when the last purge ran (waits for a purge in progress).</summary>
    [Alias("GetRetentionStatus")]
    Task<RoomRetentionStatus> GetRetentionStatus(Caller caller);

    /// <summary>
    /// Subscribes <paramref name="silo"/>'s fan-out observer to this room's events and returns the last
    /// sequence already stored, so the observer knows where its live stream starts. Repeat within the
    /// expiry window to stay subscribed; a silo the cluster declares dead is dropped at once.
    /// </summary>
    [Alias("Subscribe")]
    Task<long> Subscribe(IRoomObserver observer, SiloAddress silo);

    [Alias("Unsubscribe")]
    Task Unsubscribe(IRoomObserver observer);
}
