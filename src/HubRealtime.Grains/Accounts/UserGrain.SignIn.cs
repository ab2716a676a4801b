using System.Security.Cryptography;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Audit;
using PasswordVerificationResult = Microsoft.AspNetCore.Identity.PasswordVerificationResult;

namespace HubRealtime.Grains.Accounts;

/// <summary>The two sign-in steps and the failure counting they share with every credential check.</summary>
public sealed partial class UserGrain
{
    private enum SecondFactor
    {
        None,
        Totp,
        RecoveryCode,
    }

    private static readonly SignInResult InvalidCredentials = new(SignInOutcome.InvalidCredentials, null, null);

    public async Task<SignInResult> CheckPassword(string password)
    {
        if (!Registered)
        {
            AccountPasswords.SpendDummyVerification(password);
            // Probing for addresses is worth recording too (the hub's chain; the sign-in rate limits bound it).
            await AuditAsync(Email, AuditActions.SignInFailed, "no such account");
            return InvalidCredentials;
        }
        var now = _time.GetUtcNow();
        if (IsLocked(now))
        {
            return LockedOut();
        }
        var verdict = AccountPasswords.Verify(User.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return await CountFailureAsync(now, "wrong password");
        }
        // Only someone who knows the password learns that the account is deactivated.
        if (!User.IsActive)
        {
            return new SignInResult(SignInOutcome.Deactivated, null, null);
        }

        User.FailedAttempts = 0;
        User.LockedUntil = null;
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            User.PasswordHash = AccountPasswords.Hash(password);
        }
        if (User.MfaEnabled)
        {
            User.SecondFactorDeadline = now + SecondFactorWindow;
            await SaveAsync();
            return new SignInResult(SignInOutcome.SecondFactorRequired, null, null);
        }
        User.SecondFactorDeadline = null;
        var session = Session();
        await SaveAsync();
        LogSignedIn(Email, "password");
        await AuditAsync(Email, AuditActions.SignIn, "password");
        return new SignInResult(SignInOutcome.Succeeded, session, null);
    }

    public async Task<SignInResult> CheckSecondFactor(string code)
    {
        if (!Registered)
        {
            return InvalidCredentials;
        }
        var now = _time.GetUtcNow();
        if (IsLocked(now))
        {
            return LockedOut();
        }
        if (User.SecondFactorDeadline is not { } deadline || now > deadline || !User.MfaEnabled)
        {
            // No password step, or too long ago: start again. Not counted: the code was not even looked at.
            if (User.SecondFactorDeadline is not null)
            {
                User.SecondFactorDeadline = null;
                await SaveAsync();
            }
            return InvalidCredentials;
        }
        if (!User.IsActive)
        {
            User.SecondFactorDeadline = null;
            await SaveAsync();
            return new SignInResult(SignInOutcome.Deactivated, null, null);
        }
        var used = ConsumeCode(code, now);
        if (used == SecondFactor.None)
        {
            return await CountFailureAsync(now, "wrong second factor");
        }

        User.FailedAttempts = 0;
        User.SecondFactorDeadline = null;
        var session = Session();
        await SaveAsync();
        var how = used == SecondFactor.Totp ? "password and TOTP" : "password and recovery code";
        LogSignedIn(Email, how);
        if (used == SecondFactor.RecoveryCode)
        {
            await AuditAsync(Email, AuditActions.RecoveryCodeUsed, $"remaining: {User.RecoveryCodeHashes.Count}");
        }
        await AuditAsync(Email, AuditActions.SignIn, how);
        return new SignInResult(SignInOutcome.Succeeded, session, null);
    }

    private bool IsLocked(DateTimeOffset now) => User.LockedUntil is { } until && now < until;

    private SignInResult LockedOut() => new(SignInOutcome.LockedOut, null, User.LockedUntil);

    /// <summary>
    /// Counts a failed credential check, from sign-in or from an account operation. The
    /// <see cref="AccountLimits.MaxFailedAttempts"/>th in a row locks the account and drops a pending second step.
    /// </summary>
    private async Task<SignInResult> CountFailureAsync(DateTimeOffset now, string what)
    {
        User.FailedAttempts++;
        var failures = User.FailedAttempts;
        var locked = failures >= AccountLimits.MaxFailedAttempts;
        if (locked)
        {
            User.FailedAttempts = 0;
            User.LockedUntil = now + AccountLimits.LockoutDuration;
            User.SecondFactorDeadline = null;
        }
        await SaveAsync();
        LogFailed(Email, what, failures);
        await AuditAsync(Email, AuditActions.SignInFailed, $"{what}; consecutive failures: {failures}");
        if (!locked)
        {
            return InvalidCredentials;
        }
        LogLockedOut(Email, User.LockedUntil!.Value);
        await AuditAsync(Email, AuditActions.LockedOut, $"until {User.LockedUntil.Value:O}");
        return LockedOut();
    }

    /// <summary>
    /// Checks a TOTP code (6 digits) or a recovery code and, if it is good, uses it up: the TOTP step
    /// is remembered, the recovery code's hash removed. The caller saves the state.
    /// </summary>
    private SecondFactor ConsumeCode(string? code, DateTimeOffset now)
    {
        code = code?.Trim() ?? "";
        if (User.ProtectedTotpSecret is null || code.Length is 0 or > 64)
        {
            return SecondFactor.None;
        }
        if (TotpAuthenticator.LooksLikeCode(code))
        {
            var step = WithTotpSecret(User.ProtectedTotpSecret, secret => TotpAuthenticator.Verify(secret, code, now, User.LastTotpStep));
            if (step is null)
            {
                return SecondFactor.None;
            }
            User.LastTotpStep = step.Value;
            return SecondFactor.Totp;
        }
        if (User.RecoveryCodeSalt is null)
        {
            return SecondFactor.None;
        }
        var index = RecoveryCodeSet.Find(code, User.RecoveryCodeSalt, User.RecoveryCodeHashes);
        if (index < 0)
        {
            return SecondFactor.None;
        }
        User.RecoveryCodeHashes.RemoveAt(index);
        return SecondFactor.RecoveryCode;
    }

    /// <summary>Decrypts a TOTP secret for one use and wipes it from memory afterwards.</summary>
    private T WithTotpSecret<T>(string protectedSecret, Func<byte[], T> use)
    {
        var secret = _secrets.UnprotectTotp(protectedSecret);
        try
        {
            return use(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
