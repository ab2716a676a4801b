using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Presence;
using HubRealtime.Abstractions.Rooms;
using HubRealtime.Grains.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace HubRealtime.Grains.Presence;

/// <summary>
/// Live presence of one room, in memory only: silos re-assert their connections on a timer, so a new
/// activation is complete again within one refresh. Grace periods and silo expiry run on the injected
/// <see cref="TimeProvider"/> (a fake clock in tests), through one timer set to the next deadline.
/// </summary>
public sealed partial class PresenceGrain(
    IOptions<PresenceOptions> options,
    TimeProvider time,
    ILogger<PresenceGrain> logger) : Grain, IPresenceGrain, IPresenceSweep
{
    /// <summary>Most distinct users one silo may report in one call (a room is far smaller).</summary>
    private const int MaxUsersPerReport = 10_000;

    private readonly PresenceBook _book = new(options.Value.GracePeriod, options.Value.SiloExpiry);
    private readonly ObserverManager<IPresenceObserver> _observers = new(options.Value.SiloExpiry, logger) { GetDateTime = () => time.GetUtcNow().UtcDateTime };
    private readonly Dictionary<string, IPresenceObserver> _silos = new(StringComparer.Ordinal);
    private readonly Guid _epoch = Guid.NewGuid();
    private ITimer? _timer;
    private IPresenceSweep? _self;

    private string RoomId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Abstractions.Rooms.RoomId.Validate(RoomId);
        _self = this.AsReference<IPresenceSweep>();
        _timer = time.CreateTimer(static self => ((PresenceGrain)self!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<PresenceSnapshot> Report(IPresenceObserver silo, IReadOnlyList<PresenceUser> users, bool full) =>
        Report(silo, users, full, watched: false);

    public Task<PresenceSnapshot> Report(IPresenceObserver silo, IReadOnlyList<PresenceUser> users, bool full, bool watched)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var clean = Validate(users);
        var key = silo.GetGrainId().ToString();
        _book.Apply(key, clean, full, time.GetUtcNow());
        if (_book.HasSilo(key) || watched)
        {
            _silos[key] = silo;
            _observers.Subscribe(silo, silo);
        }
        else if (_silos.Remove(key))
        {
            // No connections of this room left there, none watching: it needs no more events of it.
            _observers.Unsubscribe(silo);
        }
        Settle();
        return Task.FromResult(Snapshot());
    }

    public Task Typing(Caller caller, string originConnectionId)
    {
        if (caller is null || string.IsNullOrEmpty(caller.UserId) || string.IsNullOrEmpty(originConnectionId) || originConnectionId.Length > 128)
        {
            throw HubRealtimeException.Invalid("A typing signal needs a caller and its connection.");
        }
        // The hub lets only joined connections type; one whose presence report is still on its way is dropped.
        if (_book.IsPresent(caller.UserId))
        {
            var notice = new TypingNotice(RoomId, caller.UserId, caller.DisplayName, originConnectionId);
            return _observers.Notify(o => o.OnTyping(notice));
        }
        return Task.CompletedTask;
    }

    public Task<PresenceSnapshot> Get(Caller caller)
    {
        CallerAuthority.RequireSystem(caller);
        return Task.FromResult(Snapshot());
    }

    public Task Sweep()
    {
        Settle();
        return Task.CompletedTask;
    }

    private void Settle()
    {
        var now = time.GetUtcNow();
        var changed = _book.Settle(now);
        foreach (var expired in _book.ExpiredSilos)
        {
            if (_silos.Remove(expired, out var observer))
            {
                _observers.Unsubscribe(observer);
                LogSiloExpired(RoomId, expired);
            }
        }
        if (changed)
        {
            var snapshot = Snapshot();
            _ = _observers.Notify(o => o.OnPresence(snapshot));
        }
        var next = _book.NextDeadline();
        _timer?.Change(next is { } due ? Max(due - now, TimeSpan.Zero) : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Runs on the timer's thread: hands over to a grain turn.</summary>
    private void Wake()
    {
        _self?.Sweep().ContinueWith(
            static (t, state) => ((PresenceGrain)state!).LogSweepFailed(t.Exception!),
            this, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private PresenceSnapshot Snapshot() => new(RoomId, _book.Users, _epoch, _book.Version);

    private static List<PresenceUser> Validate(IReadOnlyList<PresenceUser>? users)
    {
        if (users is null || users.Count > MaxUsersPerReport)
        {
            throw HubRealtimeException.Invalid($"A presence report lists 0 to {MaxUsersPerReport} users.");
        }
        foreach (var user in users)
        {
            if (user is null || string.IsNullOrEmpty(user.UserId) || user.UserId.Length > 320
                || user.DisplayName is null || user.DisplayName.Length > ChatLimits.MaxDisplayNameLength
                || user.Connections < 0)
            {
                throw HubRealtimeException.Invalid("A presence report holds an invalid user.");
            }
        }
        return [.. users];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Presence of room {RoomId}: silo {Silo} stopped refreshing, its connections are dropped")]
    private partial void LogSiloExpired(string roomId, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A presence sweep failed")]
    private partial void LogSweepFailed(Exception error);
}
