using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using PasswordVerificationResult = Microsoft.AspNetCore.Identity.PasswordVerificationResult;

namespace HubRealtime.Grains.Accounts;

/// <summary>What only the account holder may do: password, sessions, group list.</summary>
public sealed partial class UserGrain
{
    public async Task<SessionInfo> ChangePassword(Caller caller, string currentPassword, string newPassword)
    {
        RequireSelf(caller);
        RequireNotLocked();
        await RequireCredentialAsync(AccountPasswords.Verify(User.PasswordHash, currentPassword) != PasswordVerificationResult.Failed, "wrong password on password change");
        PasswordPolicy.Validate(newPassword, Email, User.DisplayName);
        if (newPassword == currentPassword)
        {
            throw new HubRealtimeException(ErrorCodes.PasswordPolicy, "The new password must differ from the current one.");
        }

        User.PasswordHash = AccountPasswords.Hash(newPassword);
        User.MustChangePassword = false;
        User.FailedAttempts = 0;
        RotateStamp();
        await SaveAsync();
        LogPasswordChanged(Email);
        await RevokeSessionsAsync();
        await AuditAsync(Email, AuditActions.PasswordChanged, "");
        return Session();
    }

    public async Task SignOutEverywhere(Caller caller)
    {
        RequireSelf(caller);
        RotateStamp();
        await SaveAsync();
        await RevokeSessionsAsync();
        await AuditAsync(Email, AuditActions.SignOutEverywhere, "");
    }

    public Task<IReadOnlyList<string>> ListGroups(Caller caller)
    {
        RequireSelf(caller);
        return Task.FromResult<IReadOnlyList<string>>([.. User.Groups]);
    }

    private void RequireNotLocked()
    {
        if (IsLocked(_time.GetUtcNow()))
        {
            throw LockedOutError();
        }
    }

    /// <summary>
    /// Counts a wrong password or code given to an account operation, like a failed sign-in: a stolen
    /// session cannot be used to guess them. Throws invalid_credentials, or locked_out at the last allowed failure.
    /// </summary>
    private async Task RequireCredentialAsync(bool valid, string what)
    {
        if (valid)
        {
            return;
        }
        var result = await CountFailureAsync(_time.GetUtcNow(), what);
        throw result.Outcome == SignInOutcome.LockedOut
            ? LockedOutError()
            : new HubRealtimeException(ErrorCodes.InvalidCredentials, "The password or code is wrong.");
    }

    private HubRealtimeException LockedOutError() =>
        new(ErrorCodes.LockedOut, $"Too many failed attempts: the account is locked until {User.LockedUntil:u}.");
}
