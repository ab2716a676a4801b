using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Client;

/// <summary>
/// The client side of a note's OT protocol (docs/protocol.md, "Shared notes"), without transport: one
/// change in flight (never altered once sent, resent as it is with the same client id and seq), a buffer
/// composing newer local edits, remote revisions transformed past both. Not thread-safe: the owner calls
/// it from one logical thread
/// (<see cref="Document"/> may be read from any).
/// </summary>
public sealed class NoteSession
{
    private long _nextSeq = 1;

    /// <param name="clientId">This editor instance's id (8–64 of [A-Za-z0-9_-]).</param>
    /// <param name="userId">The author the server stamps on this client's inserts; stamped locally the same way.</param>
    public NoteSession(string clientId, string userId, long rev, Delta document)
    {
        ClientId = clientId;
        UserId = userId;
        Rev = rev;
        _document = NoteDocument.From(document);
    }

    public string ClientId { get; }
    public string UserId { get; }

    /// <summary>The last server revision applied.</summary>
    public long Rev { get; private set; }

    // Chunked, so applying a revision costs the same in a long note as in a short one.
    private readonly NoteDocument _document;

    /// <summary>The local document: the server's at <see cref="Rev"/> with the in-flight change and the buffer applied (built on each read).</summary>
    public Delta Document
    {
        get
        {
            lock (_document)
            {
                return _document.ToDelta();
            }
        }
    }

    /// <summary>The local document's length (UTF-16 units), without building it.</summary>
    public int Length => _document.Length;

    /// <summary>Sent and not yet acknowledged (null: none). Its delta is transformed as remote revisions arrive.</summary>
    public NoteSubmission? InFlight { get; private set; }

    /// <summary>Local edits made since the in-flight change was sent, composed together.</summary>
    public Delta? Buffer { get; private set; }

    /// <summary>Nothing waits to be stored.</summary>
    public bool Saved => InFlight is null && Buffer is null;

    /// <summary>A local edit (made against <see cref="Document"/>): applied at once; returns the change to send now, if none is in flight.</summary>
    public NoteSubmission? Edit(Delta change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var stamped = StampAuthor(change, UserId);
        lock (_document)
        {
            _document.Apply(stamped);
        }
        Buffer = Buffer is null ? stamped : Buffer.Compose(stamped);
        return TakeNext();
    }

    /// <summary>
    /// Revisions from the server, ascending. Returns what the local document changed by (for an editor)
    /// and the next change to send if this acknowledged the one in flight. Revisions already applied are
    /// skipped; a revision beyond <see cref="Rev"/>+1 throws (the caller fills the gap first).
    /// </summary>
    public (Delta LocalChange, NoteSubmission? Next) Receive(IEnumerable<NoteOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        var local = Delta.Empty;
        NoteSubmission? next = null;
        foreach (var op in ops)
        {
            if (op.Rev <= Rev)
            {
                continue;
            }
            if (op.Rev != Rev + 1)
            {
                throw new InvalidOperationException($"Revision {op.Rev} arrived after {Rev}: fill the gap first.");
            }
            Rev = op.Rev;
            if (InFlight is not null && op.ClientId == ClientId && op.Seq == InFlight.Seq)
            {
                // Our own change, as the server stored it: what we applied already.
                InFlight = null;
                next = TakeNext();
                continue;
            }
            var remote = op.Delta;
            if (InFlight is not null)
            {
                var inflight = InFlight.Delta;
                InFlight = InFlight with { Delta = remote.Transform(inflight, priority: true), BaseRev = op.Rev };
                remote = inflight.Transform(remote, priority: false);
            }
            if (Buffer is not null)
            {
                var buffer = Buffer;
                Buffer = remote.Transform(buffer, priority: true);
                remote = buffer.Transform(remote, priority: false);
            }
            lock (_document)
            {
                _document.Apply(remote);
            }
            local = local.Compose(remote);
        }
        return (local, next);
    }

    /// <summary>The change to send after a reconnect: the one in flight, unchanged in id and seq, made against <see cref="Rev"/>.</summary>
    public NoteSubmission? Resend() => InFlight ?? TakeNext();

    private NoteSubmission? TakeNext()
    {
        if (InFlight is not null || Buffer is null)
        {
            return null;
        }
        InFlight = new NoteSubmission(ClientId, _nextSeq++, Rev, Buffer);
        Buffer = null;
        return InFlight;
    }

    /// <summary>What the server does to every change: inserts are the sender's, retains carry no author.</summary>
    public static Delta StampAuthor(Delta change, string userId)
    {
        ArgumentNullException.ThrowIfNull(change);
        var author = System.Text.Json.JsonSerializer.Serialize(userId);
        var builder = new DeltaBuilder();
        foreach (var op in change.Ops)
        {
            if (op.IsInsert)
            {
                builder.Insert(op.Insert!, (op.Attributes ?? AttributeMap.Empty).With("author", author));
            }
            else if (op.IsRetain)
            {
                var attributes = op.Attributes?.Without("author");
                builder.Retain(op.Retain, attributes is { Count: > 0 } ? attributes : null);
            }
            else
            {
                builder.Delete(op.Delete);
            }
        }
        return builder.Build();
    }
}
