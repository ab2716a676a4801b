using System.Collections.Concurrent;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Grains.Accounts;
using static HubRealtime.Grains.Tests.Accounts.TestAccounts;

namespace HubRealtime.Grains.Tests.Accounts;

[Collection(RoomClusterCollection.Name)]
public sealed class SessionRevocationTests(RoomClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private IGrainFactory Grains => fixture.Grains;

    private ISessionRevocationGrain Revocations => Grains.GetGrain<ISessionRevocationGrain>(0);

    [Fact]
    public async Task A_subscribed_silo_is_told_and_an_unsubscribed_one_is_not()
    {
        var gone = new CollectingObserver();
        var stays = new CollectingObserver();
        var goneRef = Grains.CreateObjectReference<ISessionRevocationObserver>(gone);
        var staysRef = Grains.CreateObjectReference<ISessionRevocationObserver>(stays);
        try
        {
            await Revocations.Subscribe(goneRef, RevocationCatchUp.NewSubscriber);
            await Revocations.Subscribe(staysRef, RevocationCatchUp.NewSubscriber);
            var first = NewEmail();
            var second = NewEmail();

            await Revocations.Revoke([first]);
            await gone.WaitForAsync(first).WaitAsync(Patience);
            await Revocations.Unsubscribe(goneRef);
            await Revocations.Revoke([second]);
            await stays.WaitForAsync(second).WaitAsync(Patience);

            // Notifications to one observer leave in order: the one that stayed got the second, so the
            // one that left would have got it by now.
            Assert.Contains(first, stays.Users);
            Assert.DoesNotContain(second, gone.Users);
        }
        finally
        {
            await Revocations.Unsubscribe(goneRef);
            await Revocations.Unsubscribe(staysRef);
            Grains.DeleteObjectReference<ISessionRevocationObserver>(goneRef);
            Grains.DeleteObjectReference<ISessionRevocationObserver>(staysRef);
        }
    }

    [Fact]
    public async Task Password_change_sign_out_everywhere_deactivation_and_agency_suspension_revoke_sessions()
    {
        var observer = new CollectingObserver();
        var reference = Grains.CreateObjectReference<ISessionRevocationObserver>(observer);
        try
        {
            await Revocations.Subscribe(reference, RevocationCatchUp.NewSubscriber);
            var agency = NewAgency();
            var admin = await RegisterAsync(Grains, agency, AgencyRole.Admin);
            var changes = await RegisterAsync(Grains, agency);
            var leaves = await RegisterAsync(Grains, agency);
            var deactivated = await RegisterAsync(Grains, agency);
            var suspended = await RegisterAsync(Grains, agency);

            await changes.Grain.ChangePassword(changes.Caller, Password, "a brand new passphrase");
            await leaves.Grain.SignOutEverywhere(leaves.Caller);
            await deactivated.Grain.SetStatus(admin.Caller, UserStatus.Deactivated);
            await suspended.Grain.SetAgencyActive(Caller.System, false);

            foreach (var user in new[] { changes, leaves, deactivated, suspended })
            {
                await observer.WaitForAsync(user.Email).WaitAsync(Patience);
            }
            Assert.DoesNotContain(admin.Email, observer.Users);
        }
        finally
        {
            await Revocations.Unsubscribe(reference);
            Grains.DeleteObjectReference<ISessionRevocationObserver>(reference);
        }
    }

    [Fact]
    public async Task A_revocation_issued_after_the_grain_moved_reaches_a_silo_when_it_resubscribes()
    {
        var observer = new CollectingObserver();
        var reference = Grains.CreateObjectReference<ISessionRevocationObserver>(observer);
        try
        {
            var seen = (await Revocations.Subscribe(reference, RevocationCatchUp.NewSubscriber)).Sequence;
            var revoked = NewEmail();

            // The grain moves (here: deactivated) and forgets its subscribers; the revocation lands meanwhile.
            await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            await Revocations.Revoke([revoked]);
            var catchUp = await Revocations.Subscribe(reference, seen);
            var again = await Revocations.Subscribe(reference, catchUp.Sequence);
            var newcomer = await Revocations.Subscribe(reference, RevocationCatchUp.NewSubscriber);

            Assert.DoesNotContain(revoked, observer.Users);
            Assert.True(catchUp.Complete);
            Assert.Contains(revoked, catchUp.UserIds);
            Assert.True(catchUp.Sequence > seen);
            Assert.Equal((catchUp.Sequence, true), (again.Sequence, again.Complete));
            Assert.Empty(again.UserIds);
            Assert.Empty(newcomer.UserIds);
        }
        finally
        {
            await Revocations.Unsubscribe(reference);
            Grains.DeleteObjectReference<ISessionRevocationObserver>(reference);
        }
    }

    [Fact]
    public async Task A_silo_behind_expired_revocations_is_told_to_recheck_everything()
    {
        var observer = new CollectingObserver();
        var reference = Grains.CreateObjectReference<ISessionRevocationObserver>(observer);
        try
        {
            var seen = (await Revocations.Subscribe(reference, RevocationCatchUp.NewSubscriber)).Sequence;
            var old = NewEmail();
            var recent = NewEmail();

            await Revocations.Revoke([old]);
            var afterOld = (await Revocations.Subscribe(reference, seen)).Sequence;
            RoomClusterFixture.Clock.Advance(SessionRevocationGrain.Retention + TimeSpan.FromMinutes(1));
            await Revocations.Revoke([recent]);
            var behind = await Revocations.Subscribe(reference, seen);
            var current = await Revocations.Subscribe(reference, afterOld);

            Assert.False(behind.Complete);
            Assert.Empty(behind.UserIds);
            Assert.True(current.Complete);
            Assert.Contains(recent, current.UserIds);
            Assert.DoesNotContain(old, current.UserIds);
        }
        finally
        {
            await Revocations.Unsubscribe(reference);
            Grains.DeleteObjectReference<ISessionRevocationObserver>(reference);
        }
    }

    [Fact]
    public async Task The_kept_revocations_are_bounded_and_a_silo_behind_the_bound_rechecks_everything()
    {
        var observer = new CollectingObserver();
        var reference = Grains.CreateObjectReference<ISessionRevocationObserver>(observer);
        try
        {
            var seen = (await Revocations.Subscribe(reference, RevocationCatchUp.NewSubscriber)).Sequence;
            var many = Enumerable.Range(0, SessionRevocationGrain.MaxRetainedUsers + 1).Select(_ => NewEmail()).ToList();

            await Revocations.Revoke(many);
            var behind = await Revocations.Subscribe(reference, seen);
            await observer.WaitForAsync(many[^1]).WaitAsync(Patience);

            Assert.False(behind.Complete);
            Assert.Equal(seen + 1, behind.Sequence);
        }
        finally
        {
            await Revocations.Unsubscribe(reference);
            Grains.DeleteObjectReference<ISessionRevocationObserver>(reference);
        }
    }

    private sealed class CollectingObserver : ISessionRevocationObserver
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _seen = new();

        public IEnumerable<string> Users => _seen.Where(p => p.Value.Task.IsCompleted).Select(p => p.Key);

        public Task WaitForAsync(string userId) => Entry(userId).Task;

        public Task OnSessionsRevoked(IReadOnlyList<string> userIds)
        {
            foreach (var userId in userIds)
            {
                Entry(userId).TrySetResult();
            }
            return Task.CompletedTask;
        }

        private TaskCompletionSource Entry(string userId) =>
            _seen.GetOrAdd(userId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
