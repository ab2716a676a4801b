using System.Security.Cryptography;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Grains.Accounts;

/// <summary>TOTP enrolment, recovery codes and switching MFA off (self only).</summary>
public sealed partial class UserGrain
{
    public async Task<MfaEnrolment> BeginMfaEnrolment(Caller caller)
    {
        RequireSelf(caller);
        if (User.MfaEnabled)
        {
            // Replacing an active secret needs proof of the old one; a session alone is not enough.
            throw HubRealtimeException.Invalid("Two-factor sign-in is already on; turn it off first to enrol another authenticator.");
        }
        var secret = TotpAuthenticator.NewSecret();
        try
        {
            User.ProtectedPendingTotpSecret = _secrets.ProtectTotp(secret);
            await SaveAsync();
            var base32 = TotpAuthenticator.ToBase32(secret);
            return new MfaEnrolment(base32, TotpAuthenticator.OtpAuthUri(Email, base32));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public async Task<RecoveryCodes> ConfirmMfaEnrolment(Caller caller, string code)
    {
        RequireSelf(caller);
        RequireNotLocked();
        if (User.ProtectedPendingTotpSecret is not { } pending)
        {
            throw HubRealtimeException.Invalid("There is no enrolment to confirm; begin one first.");
        }
        var step = WithTotpSecret(pending, secret => TotpAuthenticator.Verify(secret, code?.Trim() ?? "", _time.GetUtcNow(), lastAcceptedStep: -1));
        await RequireCredentialAsync(step is not null, "wrong code on MFA enrolment");

        User.ProtectedTotpSecret = pending;
        User.ProtectedPendingTotpSecret = null;
        User.LastTotpStep = step!.Value;
        User.FailedAttempts = 0;
        var codes = NewRecoveryCodes();
        await SaveAsync();
        LogMfaChanged(Email, true);
        await AuditAsync(Email, AuditActions.MfaEnabled, "TOTP");
        return codes;
    }

    public async Task DisableMfa(Caller caller, string code)
    {
        RequireSelf(caller);
        if (MfaPolicy.IsRequired(User))
        {
            throw new HubRealtimeException(ErrorCodes.Forbidden, "Two-factor sign-in is required for your roles and cannot be turned off.");
        }
        RequireMfaEnabled();
        RequireNotLocked();
        var used = ConsumeCode(code, _time.GetUtcNow());
        await RequireCredentialAsync(used != SecondFactor.None, "wrong code on MFA disable");

        User.ProtectedTotpSecret = null;
        User.ProtectedPendingTotpSecret = null;
        User.LastTotpStep = -1;
        User.RecoveryCodeSalt = null;
        User.RecoveryCodeHashes = [];
        User.FailedAttempts = 0;
        await SaveAsync();
        LogMfaChanged(Email, false);
        await AuditAsync(Email, AuditActions.MfaDisabled, "");
    }

    public async Task<RecoveryCodes> RegenerateRecoveryCodes(Caller caller, string code)
    {
        RequireSelf(caller);
        RequireMfaEnabled();
        RequireNotLocked();
        var used = ConsumeCode(code, _time.GetUtcNow());
        await RequireCredentialAsync(used != SecondFactor.None, "wrong code on recovery code regeneration");

        User.FailedAttempts = 0;
        var codes = NewRecoveryCodes();
        await SaveAsync();
        if (used == SecondFactor.RecoveryCode)
        {
            await AuditAsync(Email, AuditActions.RecoveryCodeUsed, "to regenerate recovery codes");
        }
        await AuditAsync(Email, AuditActions.RecoveryCodesRegenerated, $"count: {codes.Codes.Count}");
        return codes;
    }

    /// <summary>Replaces every recovery code; the caller saves the state. The codes are returned once and kept only as hashes.</summary>
    private RecoveryCodes NewRecoveryCodes()
    {
        var (codes, salt, hashes) = RecoveryCodeSet.Generate(AccountLimits.RecoveryCodeCount);
        User.RecoveryCodeSalt = salt;
        User.RecoveryCodeHashes = hashes;
        return new RecoveryCodes(codes);
    }

    private void RequireMfaEnabled()
    {
        if (!User.MfaEnabled)
        {
            throw HubRealtimeException.Invalid("Two-factor sign-in is not on.");
        }
    }
}
