using System.Threading.Channels;
using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Client;

/// <summary>
/// A live editor of one note over a <see cref="RoomHubClient"/>: a <see cref="NoteSession"/> driven by the
/// hub's <c>NoteOps</c> events, gap filling and resends, one step at a time. After the connection comes
/// back the owner re-joins the room and calls <see cref="ReopenAsync"/>: the editor catches up from its
/// last revision (its own change, if stored meanwhile, is found there) and resends what is in flight
/// with the same client id and seq. Used by the tests and the benchmark.
/// </summary>
public sealed class NoteEditor : IDisposable
{
    private const int Page = 500;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly RoomHubClient _hub;
    private readonly string _roomId;
    private readonly string _doc;
    private readonly IDisposable _subscription;
    private readonly List<NoteAck> _acks = [];
    private readonly List<TaskCompletionSource> _changed = [];
    // Events are queued and applied by one loop, in arrival order: handled as separate tasks they would race
    // for the lock and look like gaps. (Not in the handler itself: a hub call there would block the receive loop.)
    private readonly Channel<IReadOnlyList<NoteOp>> _incoming = Channel.CreateUnbounded<IReadOnlyList<NoteOp>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _receiving;
    private NoteSession? _session;

    private NoteEditor(RoomHubClient hub, string roomId, string doc, string noteId)
    {
        _hub = hub;
        _roomId = roomId;
        _doc = doc;
        NoteId = noteId;
        _subscription = hub.OnNoteOps(e =>
        {
            if (e.NoteId == NoteId)
            {
                _incoming.Writer.TryWrite(e.Ops);
            }
        });
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    public string NoteId { get; }

    /// <summary>Called with each revision as it is applied here (own ones included), under the editor's lock: keep it short.</summary>
    public event Action<NoteOp>? Applied;

    /// <summary>Called with each change as it is sent (a resend too), under the editor's lock: keep it short.</summary>
    public event Action<NoteSubmission>? Submitting;

    public string ClientId => Session.ClientId;

    public long Rev => Session.Rev;

    public Delta Document => Session.Document;

    public int Length => Session.Length;

    public bool Saved => Session.Saved;

    /// <summary>The acknowledgements received, in arrival order.</summary>
    public IReadOnlyList<NoteAck> Acks
    {
        get
        {
            lock (_acks)
            {
                return [.. _acks];
            }
        }
    }

    /// <summary>The last failure of a send or catch-up (the editor goes on: it resends after <see cref="ReopenAsync"/>).</summary>
    public Exception? LastError { get; private set; }

    private NoteSession Session => _session ?? throw new InvalidOperationException("The note is not open.");

    /// <summary>Opens the note (the room must be joined or watched on the connection) as a new editor instance.</summary>
    public static async Task<NoteEditor> OpenAsync(RoomHubClient hub, string roomId, string userId, string doc = Abstractions.Notes.NoteId.Main, string? clientId = null)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var editor = new NoteEditor(hub, roomId, doc, Abstractions.Notes.NoteId.Of(roomId, doc));
        await editor._gate.WaitAsync();
        try
        {
            var snapshot = await hub.OpenNoteAsync(roomId, doc);
            editor._session = new NoteSession(clientId ?? Guid.NewGuid().ToString("N"), userId, snapshot.Rev, snapshot.Document);
        }
        finally
        {
            editor._gate.Release();
        }
        return editor;
    }

    /// <summary>A local edit against <see cref="Document"/>; sent at once unless a change is in flight.</summary>
    public Task EditAsync(Delta change) => EditAsync(_ => change);

    /// <summary>
    /// A local edit made by <paramref name="make"/> from the document's length at that moment (under the
    /// editor's lock, so no revision lands between reading the document and editing it, as in an editor).
    /// </summary>
    public async Task EditAsync(Func<int, Delta> make)
    {
        ArgumentNullException.ThrowIfNull(make);
        await _gate.WaitAsync();
        try
        {
            Send(Session.Edit(make(Session.Length)));
        }
        finally
        {
            _gate.Release();
        }
        Changed();
    }

    /// <summary>After a reconnect (and the room re-joined): opens the note again, catches up, resends what is in flight.</summary>
    public async Task ReopenAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await _hub.OpenNoteAsync(_roomId, _doc);
            await CatchUpAsync(long.MaxValue);
            Send(Session.Resend());
        }
        finally
        {
            _gate.Release();
        }
        Changed();
    }

    /// <summary>Completes once <paramref name="done"/> holds (checked after every change here), or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<NoteEditor, bool> done, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(done);
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            TaskCompletionSource next;
            await _gate.WaitAsync(cancel.Token);
            try
            {
                if (done(this))
                {
                    return;
                }
                next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (_changed)
                {
                    _changed.Add(next);
                }
            }
            finally
            {
                _gate.Release();
            }
            await next.Task.WaitAsync(cancel.Token);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        await foreach (var ops in _incoming.Reader.ReadAllAsync())
        {
            await ReceiveAsync(ops);
        }
    }

    private async Task ReceiveAsync(IReadOnlyList<NoteOp> ops)
    {
        if (ops.Count == 0)
        {
            return;
        }
        await _gate.WaitAsync();
        try
        {
            if (_session is null)
            {
                return; // before the snapshot: it holds these already, or the next event fills the gap
            }
            if (ops[0].Rev > Session.Rev + 1)
            {
                await CatchUpAsync(ops[0].Rev - 1);
            }
            Apply(ops);
        }
        catch (Exception error)
        {
            LastError = error;
        }
        finally
        {
            _gate.Release();
        }
        Changed();
    }

    /// <summary>Under the lock: reads and applies the revisions after <see cref="Rev"/> up to <paramref name="through"/>.</summary>
    private async Task CatchUpAsync(long through)
    {
        while (Session.Rev < through)
        {
            var page = await _hub.GetNoteOpsAsync(NoteId, Session.Rev, Page);
            Apply(page.Ops);
            if (page.Ops.Count == 0 || Session.Rev >= page.LastRev)
            {
                return;
            }
        }
    }

    private void Apply(IReadOnlyList<NoteOp> ops)
    {
        var before = Session.Rev;
        var (_, next) = Session.Receive(ops);
        foreach (var op in ops.Where(o => o.Rev > before))
        {
            Applied?.Invoke(op);
        }
        Send(next);
    }

    /// <summary>Sends without waiting under the lock: the answer arrives as our own revision in <c>NoteOps</c>.</summary>
    private void Send(NoteSubmission? change)
    {
        if (change is not null)
        {
            Submitting?.Invoke(change);
            _ = SubmitAsync(change);
        }
    }

    private async Task SubmitAsync(NoteSubmission change)
    {
        try
        {
            var ack = await _hub.SubmitNoteOpAsync(NoteId, change);
            lock (_acks)
            {
                _acks.Add(ack);
            }
        }
        catch (Exception error)
        {
            // Lost with the connection (or refused for now): still in flight, resent by ReopenAsync.
            LastError = error;
        }
        Changed();
    }

    private void Changed()
    {
        TaskCompletionSource[] waiting;
        lock (_changed)
        {
            waiting = [.. _changed];
            _changed.Clear();
        }
        foreach (var waiter in waiting)
        {
            waiter.TrySetResult();
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _incoming.Writer.TryComplete();
        // The loop ends once it has applied what was queued; the lock goes with the editor after it.
        _receiving.ContinueWith(_ => _gate.Dispose(), TaskScheduler.Default);
    }
}
