using HubRealtime.Grains.Common;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Grains.Security;
using HubRealtime.Grains.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace HubRealtime.Grains.Agencies;

/// <summary>
/// One single-use invitation, keyed by the SHA-256 of its token. Acceptance runs in crash-safe
/// steps: mark accepting, create the account (or find the one an interrupted attempt created), add the
/// member (an upsert), report to the agency, audit, mark accepted. Reentrant so that the agency's
/// revoke is answered even while an acceptance waits on the agency (no call cycle can deadlock);
/// every state change happens before an await, and an acceptance in flight blocks the others.
/// </summary>
[Reentrant]
public sealed partial class InvitationGrain(
    [PersistentState("invitation", StorageNames.Grains)] IPersistentState<InvitationState> state,
    TimeProvider time,
    ILogger<InvitationGrain> logger) : Grain, IInvitationGrain
{
    private bool _busy;

    private string Id => this.GetPrimaryKeyString();

    public async Task Issue(Caller caller, InvitationInfo invitation)
    {
        CallerAuthority.RequireSystem(caller);
        ArgumentNullException.ThrowIfNull(invitation);
        if (invitation.InvitationId != Id || invitation.Status != InvitationStatus.Pending)
        {
            throw HubRealtimeException.Invalid("An invitation is issued pending, under its own id.");
        }
        if (state.State.Invitation is not null || _busy)
        {
            throw HubRealtimeException.Invalid("This invitation was already issued.");
        }
        state.State.Invitation = invitation;
        await GuardedWriteAsync();
    }

    public Task<InvitationInfo> Get()
    {
        var invitation = Existing();
        return Task.FromResult(invitation.Status == InvitationStatus.Pending && !state.State.Accepting && Expired(invitation)
            ? invitation with { Status = InvitationStatus.Expired }
            : invitation);
    }

    public async Task<InvitationInfo> Accept(InvitationAcceptance acceptance)
    {
        var invitation = Existing();
        // An interrupted acceptance (state says accepting, nobody is at it) may finish after expiry.
        var resuming = state.State.Accepting && !_busy;
        InvitationRules.RequirePending(resuming || !Expired(invitation) ? invitation.Status : InvitationStatus.Expired);
        if (_busy)
        {
            throw new HubRealtimeException(ErrorCodes.InvitationUsed, "This invitation is being accepted; sign in in a moment.");
        }
        if (acceptance is null || string.IsNullOrWhiteSpace(acceptance.DisplayName) || acceptance.Password is null)
        {
            throw HubRealtimeException.Invalid("Accepting an invitation needs your name and a password.");
        }

        _busy = true;
        try
        {
            var agency = GrainFactory.GetGrain<IAgencyGrain>(invitation.AgencyId);
            if (!(await agency.GetInfo(Caller.System)).Active)
            {
                throw new HubRealtimeException(ErrorCodes.AgencyInactive, "This agency is deactivated; its invitations cannot be accepted.");
            }
            var user = GrainFactory.GetGrain<IUserGrain>(invitation.Email);
            if (!resuming && await user.Exists(Caller.System))
            {
                throw AccountExists();
            }
            if (!resuming)
            {
                state.State.Accepting = true;
                await WriteAsync();
            }
            var profile = await RegisterAsync(user, invitation, acceptance, resuming);
            await agency.AddMember(Caller.System, new AgencyMember(invitation.Email, profile.DisplayName, invitation.Role, true));
            await agency.UpdateInvitation(Caller.System, Id, InvitationStatus.Accepted);
            // Audited before the final write: a crash in between repeats the entry rather than losing it.
            await GrainFactory.GetGrain<IAuditLogGrain>(AuditScope.Agency(invitation.AgencyId)).Append(Caller.System,
                new AuditEvent(invitation.Email, AuditActions.InvitationAccepted, invitation.Email, $"invitation={Id}; role={invitation.Role}"));
            state.State.Invitation = invitation with { Status = InvitationStatus.Accepted };
            state.State.Accepting = false;
            await WriteAsync();
            LogAccepted(invitation.AgencyId, Id);
            return state.State.Invitation;
        }
        finally
        {
            _busy = false;
        }
    }

    public async Task Revoke(Caller caller)
    {
        CallerAuthority.RequireSystem(caller);
        var invitation = Existing();
        if (invitation.Status == InvitationStatus.Revoked)
        {
            return;
        }
        if (_busy || state.State.Accepting)
        {
            throw new HubRealtimeException(ErrorCodes.InvitationUsed, "This invitation is being accepted and can no longer be revoked.");
        }
        InvitationRules.RequirePending(invitation.Status);
        state.State.Invitation = invitation with { Status = InvitationStatus.Revoked };
        await GuardedWriteAsync();
    }

    /// <summary>Creates the account; when resuming, adopts the one the interrupted attempt created.</summary>
    private async Task<UserProfile> RegisterAsync(IUserGrain user, InvitationInfo invitation, InvitationAcceptance acceptance, bool resuming)
    {
        if (resuming && await user.Exists(Caller.System))
        {
            var existing = await user.GetProfile(Caller.System);
            return existing.AgencyId == invitation.AgencyId && existing.AgencyRole == invitation.Role && !existing.IsHubAdmin
                ? existing
                : await GiveUpAsync(AccountExists());
        }
        try
        {
            return await user.Register(Caller.System, new NewAccount(acceptance.DisplayName, acceptance.Password, invitation.AgencyId, invitation.Role, IsHubAdmin: false, MustChangePassword: false));
        }
        catch (HubRealtimeException refused)
        {
            // The account was not created (bad name or password, or the address was taken meanwhile):
            // the invitation is pending again and can be accepted with better input.
            return await GiveUpAsync(refused);
        }
    }

    private async Task<UserProfile> GiveUpAsync(HubRealtimeException error)
    {
        state.State.Accepting = false;
        await WriteAsync();
        throw error;
    }

    private InvitationInfo Existing() => state.State.Invitation ?? throw InvitationRules.Invalid();

    private bool Expired(InvitationInfo invitation) => invitation.ExpiresAt <= time.GetUtcNow();

    private static HubRealtimeException AccountExists() =>
        new(ErrorCodes.AccountExists, "An account with this e-mail address already exists; sign in instead.");

    /// <summary>Writes a change made by Issue or Revoke; with _busy set, no acceptance starts meanwhile.</summary>
    private async Task GuardedWriteAsync()
    {
        _busy = true;
        try
        {
            await WriteAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private Task WriteAsync() => state.WriteOrRevertAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "Invitation {InvitationId} to agency {AgencyId} accepted")]
    private partial void LogAccepted(string agencyId, string invitationId);
}
