using System.Security.Cryptography;
using System.Text;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Grains.Common;
using HubRealtime.Grains.Security;
using HubRealtime.Grains.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Serialization.Invocation;

namespace HubRealtime.Grains.Accounts;

/// <summary>
/// A user account, keyed by normalized e-mail: credentials, lockout, MFA, security stamp, roles.
/// Not reentrant, so every credential check and counter update runs alone; only the system's
/// read-only authority queries (<see cref="IsAuthorityQuery"/>) may interleave, so two admins'
/// grains asking about each other at once cannot deadlock.
/// </summary>
[MayInterleave(nameof(IsAuthorityQuery))]
public sealed partial class UserGrain(
    [PersistentState("user", StorageNames.Grains)] IPersistentState<UserState> state,
    IDataProtectionProvider protection,
    TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    internal static readonly TimeSpan SecondFactorWindow = TimeSpan.FromMinutes(5);

    private readonly IPersistentState<UserState> _state = state;
    private readonly AccountSecrets _secrets = new(protection);
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;

    /// <summary>The unprotected stamp, cached so that validating a session costs no decryption.</summary>
    private string? _stamp;

    private string Email => this.GetPrimaryKeyString();
    private UserState User => _state.State;
    private bool Registered => _state.RecordExists;

    /// <summary>Exists and GetProfile from the system answer from memory without awaiting: safe to interleave.</summary>
    public static bool IsAuthorityQuery(IInvokable request) =>
        request.GetMethodName() is nameof(IUserGrain.Exists) or nameof(IUserGrain.GetProfile) &&
        request.GetArgumentCount() == 1 &&
        request.GetArgument(0) is Caller caller && CallerAuthority.IsSystem(caller);

    public async Task<UserProfile> Register(Caller caller, NewAccount account)
    {
        CallerAuthority.RequireSystem(caller);
        if (!EmailAddress.TryNormalize(Email, out var normalized) || normalized != Email)
        {
            throw HubRealtimeException.Invalid("A user's key must be a normalized e-mail address.");
        }
        if (account is null)
        {
            throw HubRealtimeException.Invalid("The account is missing.");
        }
        if (Registered)
        {
            throw new HubRealtimeException(ErrorCodes.AccountExists, "An account with this e-mail address exists.");
        }
        var name = AccountInput.DisplayName(account.DisplayName);
        var role = AccountInput.Defined(account.AgencyRole, "agency role");
        var agencyId = account.AgencyId is null ? null : AgencyId.Validate(account.AgencyId);
        if (agencyId is null && (!account.IsHubAdmin || role != AgencyRole.Member))
        {
            throw HubRealtimeException.Invalid("Every member belongs to an agency; only hub administrators may have none.");
        }
        PasswordPolicy.Validate(account.Password, Email, name);

        var stamp = AccountSecrets.NewStamp();
        _state.State = new UserState
        {
            DisplayName = name,
            AgencyId = agencyId,
            AgencyRole = role,
            IsHubAdmin = account.IsHubAdmin,
            Status = UserStatus.Active,
            MustChangePassword = account.MustChangePassword,
            CreatedAt = _time.GetUtcNow(),
            PasswordHash = AccountPasswords.Hash(account.Password),
            ProtectedStamp = _secrets.ProtectStamp(stamp),
        };
        await SaveAsync();
        _stamp = stamp;
        LogRegistered(Email, agencyId, role, account.IsHubAdmin);
        return Profile();
    }

    public Task<bool> Exists(Caller caller)
    {
        CallerAuthority.RequireSystem(caller);
        return Task.FromResult(Registered);
    }

    public async Task<UserProfile> GetProfile(Caller caller)
    {
        if (CallerAuthority.IsSystem(caller))
        {
            RequireRegistered();
            return Profile();
        }
        await RequireSelfOrAdminAsync(caller, allowSelf: true);
        return Profile();
    }

    public Task<SessionInfo?> ExternalSession(Caller caller)
    {
        CallerAuthority.RequireSystem(caller);
        // Read-only on purpose: the stamp is created at registration, so an external sign-in never writes.
        return Task.FromResult(Registered && User.IsActive && CurrentStamp() is { } stamp
            ? new SessionInfo(Profile(), stamp)
            : null);
    }

    public Task<SessionInfo?> ValidateSession(string securityStamp)
    {
        if (!Registered || !User.IsActive || string.IsNullOrEmpty(securityStamp) || CurrentStamp() is not { } current)
        {
            return Task.FromResult<SessionInfo?>(null);
        }
        // Hashing first makes the comparison independent of the length of what was sent.
        var valid = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(securityStamp)), SHA256.HashData(Encoding.UTF8.GetBytes(current)));
        return Task.FromResult(valid ? new SessionInfo(Profile(), current) : null);
    }

    private UserProfile Profile() => new(
        Email,
        User.DisplayName,
        User.AgencyId,
        User.AgencyRole,
        User.IsHubAdmin,
        User.IsActive ? UserStatus.Active : UserStatus.Deactivated,
        User.MfaEnabled,
        MfaPolicy.IsRequired(User),
        User.MustChangePassword,
        User.CreatedAt);

    /// <summary>The session to hand out after a successful sign-in; a stamp that can't be read any more is replaced.</summary>
    private SessionInfo Session()
    {
        if (CurrentStamp() is not { } stamp)
        {
            stamp = RotateStamp();
        }
        return new SessionInfo(Profile(), stamp);
    }

    private string? CurrentStamp() => _stamp ??= _secrets.TryUnprotectStamp(User.ProtectedStamp);

    /// <summary>A new stamp ends every session and token that carries the old one; the caller saves the state.</summary>
    private string RotateStamp()
    {
        var stamp = AccountSecrets.NewStamp();
        User.ProtectedStamp = _secrets.ProtectStamp(stamp);
        _stamp = stamp;
        return stamp;
    }

    /// <summary>Writes the state; on failure reloads what storage holds, so memory never runs ahead of it.</summary>
    private async Task SaveAsync()
    {
        try
        {
            await _state.WriteOrRevertAsync();
        }
        catch
        {
            // The reloaded state may hold another stamp: decrypt it again when next needed.
            _stamp = null;
            throw;
        }
    }

    private void RequireRegistered()
    {
        if (!Registered)
        {
            throw new HubRealtimeException(ErrorCodes.UserNotFound, "There is no account with this e-mail address.");
        }
    }
}
