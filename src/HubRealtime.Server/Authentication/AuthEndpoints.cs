using System.Security.Claims;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Server.Http;
using static HubRealtime.Server.Http.ApiSupport;
using HubRealtime.Server.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using QRCoder;

namespace HubRealtime.Server.Authentication;

/// <summary>
/// /api/auth: sign-in (password, then second factor), tokens, the session's own account operations.
/// The user grain decides every credential question; this only shapes requests and sessions.
/// </summary>
public static class AuthEndpoints
{
    public sealed record SignInRequest(string? Email, string? Password);
    public sealed record SecondFactorRequest(string? Code);
    public sealed record TokenRequest(string? Email, string? Password, string? Code);
    public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);
    public sealed record CodeRequest(string? Code);

    public sealed record SignInResponse(string Status, UserProfile? Profile);
    public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);
    public sealed record AntiforgeryResponse(string RequestToken, string HeaderName);
    public sealed record MeResponse(UserProfile Profile, bool MustChangePassword, bool MfaEnrolmentRequired);
    public sealed record MfaBeginResponse(string Secret, string OtpauthUri, string QrSvg);
    public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);

    private const string PendingPurpose = "HubRealtime.Auth.PendingSecondFactor.v1";
    internal static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(5);

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup(AuthenticationGate.AuthPath).AddEndpointFilter(TypedErrors);

        auth.MapGet("/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return Results.Ok(new AntiforgeryResponse(tokens.RequestToken!, AuthConstants.AntiforgeryHeader));
        });

        auth.MapPost("/sign-in", async (SignInRequest? body, HttpContext http, IGrainFactory grains, IDataProtectionProvider dp) =>
        {
            if (!TryReadCredentials(body?.Email, body?.Password, out var email))
            {
                return InvalidCredentials();
            }
            var result = await grains.GetGrain<IUserGrain>(email).CheckPassword(body!.Password!);
            if (result.Outcome == SignInOutcome.SecondFactorRequired)
            {
                var pending = Pending(dp).Protect(email, PendingLifetime);
                http.Response.Cookies.Append(AuthConstants.PendingCookie, pending, PendingCookieOptions(http, PendingLifetime));
                return Results.Ok(new SignInResponse("second-factor-required", null));
            }
            return await CompleteCookieSignInAsync(http, result);
        }).RequireRateLimiting(RateLimits.SignInPolicy);

        auth.MapPost("/second-factor", async (SecondFactorRequest? body, HttpContext http, IGrainFactory grains, IDataProtectionProvider dp) =>
        {
            var email = ReadPending(http, dp);
            if (email is null)
            {
                return ProblemResults.Problem(StatusCodes.Status401Unauthorized, AuthConstants.CodeInvalidCredentials, "Sign in with your password again.");
            }
            var result = await grains.GetGrain<IUserGrain>(email).CheckSecondFactor(body?.Code ?? "");
            if (result.Outcome != SignInOutcome.InvalidCredentials)
            {
                // Used up (or ended by lockout/deactivation); a wrong code may be retried until lockout.
                http.Response.Cookies.Delete(AuthConstants.PendingCookie, PendingCookieOptions(http, TimeSpan.Zero));
            }
            return await CompleteCookieSignInAsync(http, result);
        }).RequireRateLimiting(RateLimits.SignInPolicy);

        auth.MapPost("/token", async (TokenRequest? body, IGrainFactory grains, AccessTokens tokens) =>
        {
            if (!TryReadCredentials(body?.Email, body?.Password, out var email))
            {
                return InvalidCredentials();
            }
            var user = grains.GetGrain<IUserGrain>(email);
            var result = await user.CheckPassword(body!.Password!);
            if (result.Outcome == SignInOutcome.SecondFactorRequired)
            {
                if (string.IsNullOrWhiteSpace(body.Code))
                {
                    return ProblemResults.Problem(StatusCodes.Status401Unauthorized, AuthConstants.CodeSecondFactorRequired, "This account needs a TOTP or recovery code: send it as 'code'.");
                }
                result = await user.CheckSecondFactor(body.Code);
            }
            if (result is { Outcome: SignInOutcome.Succeeded, Session: { } session })
            {
                return Results.Ok(new TokenResponse(tokens.Issue(session), "Bearer", (int)tokens.Lifetime.TotalSeconds));
            }
            return Failure(result);
        }).RequireRateLimiting(RateLimits.SignInPolicy);

        auth.MapPost("/sign-out", async (HttpContext http) =>
        {
            await http.SignOutAsync(AuthConstants.CookieScheme);
            return Results.NoContent();
        });

        auth.MapPost("/sign-out-everywhere", async (HttpContext http, IGrainFactory grains) =>
        {
            var caller = CallerOf(http);
            await grains.GetGrain<IUserGrain>(caller.UserId).SignOutEverywhere(caller);
            await http.SignOutAsync(AuthConstants.CookieScheme);
            return Results.NoContent();
        });

        auth.MapGet("/me", async (HttpContext http, IGrainFactory grains) =>
        {
            var caller = CallerOf(http);
            var profile = await grains.GetGrain<IUserGrain>(caller.UserId).GetProfile(caller);
            return Results.Ok(new MeResponse(profile, profile.MustChangePassword, profile.MfaRequired && !profile.MfaEnabled));
        });

        auth.MapPost("/password", async (PasswordChangeRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var caller = CallerOf(http);
            if (body is null || string.IsNullOrEmpty(body.CurrentPassword) || string.IsNullOrEmpty(body.NewPassword))
            {
                throw HubRealtimeException.Invalid("Send { \"currentPassword\": ..., \"newPassword\": ... }.");
            }
            var session = await grains.GetGrain<IUserGrain>(caller.UserId).ChangePassword(caller, body.CurrentPassword, body.NewPassword);
            await ReissueCookieAsync(http, session);
            return Results.Ok(new SignInResponse("signed-in", session.Profile));
        });

        auth.MapPost("/mfa/begin", async (HttpContext http, IGrainFactory grains) =>
        {
            var caller = CallerOf(http);
            var enrolment = await grains.GetGrain<IUserGrain>(caller.UserId).BeginMfaEnrolment(caller);
            return Results.Ok(new MfaBeginResponse(enrolment.SecretBase32, enrolment.OtpAuthUri, QrSvg(enrolment.OtpAuthUri)));
        });

        auth.MapPost("/mfa/confirm", async (CodeRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var caller = CallerOf(http);
            var user = grains.GetGrain<IUserGrain>(caller.UserId);
            var codes = await user.ConfirmMfaEnrolment(caller, RequireCode(body));
            // The session's stamp is unchanged; re-issue it so that the cookie drops the enrolment restriction.
            if (http.User.FindFirstValue(AuthConstants.StampClaim) is { } stamp && await user.ValidateSession(stamp) is { } session)
            {
                await ReissueCookieAsync(http, session);
            }
            return Results.Ok(new RecoveryCodesResponse(codes.Codes));
        });

        auth.MapPost("/mfa/disable", async (CodeRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var caller = CallerOf(http);
            await grains.GetGrain<IUserGrain>(caller.UserId).DisableMfa(caller, RequireCode(body));
            return Results.NoContent();
        });

        auth.MapPost("/mfa/recovery-codes", async (CodeRequest? body, HttpContext http, IGrainFactory grains) =>
        {
            var caller = CallerOf(http);
            var codes = await grains.GetGrain<IUserGrain>(caller.UserId).RegenerateRecoveryCodes(caller, RequireCode(body));
            return Results.Ok(new RecoveryCodesResponse(codes.Codes));
        });
    }

    private static async Task<IResult> CompleteCookieSignInAsync(HttpContext http, SignInResult result)
    {
        if (result is not { Outcome: SignInOutcome.Succeeded, Session: { } session })
        {
            return Failure(result);
        }
        await http.SignInAsync(AuthConstants.CookieScheme, AuthConstants.Principal(session, AuthConstants.CookieScheme));
        return Results.Ok(new SignInResponse("signed-in", session.Profile));
    }

    /// <summary>Only for a cookie session: a bearer client asks for a new token instead.</summary>
    private static async Task ReissueCookieAsync(HttpContext http, SessionInfo session)
    {
        if (http.User.Identity?.AuthenticationType == AuthConstants.CookieScheme)
        {
            await http.SignInAsync(AuthConstants.CookieScheme, AuthConstants.Principal(session, AuthConstants.CookieScheme));
        }
    }

    private static IResult Failure(SignInResult result) => result.Outcome switch
    {
        SignInOutcome.LockedOut => Results.Problem(
            statusCode: StatusCodes.Status423Locked,
            detail: "Too many failed attempts: the account is locked for a while.",
            extensions: new Dictionary<string, object?> { ["code"] = AuthConstants.CodeLockedOut, ["lockedUntil"] = result.LockedUntil }),
        SignInOutcome.Deactivated => ProblemResults.Problem(StatusCodes.Status403Forbidden, AuthConstants.CodeDeactivated, "This account is deactivated."),
        _ => InvalidCredentials(),
    };

    private static IResult InvalidCredentials() =>
        ProblemResults.Problem(StatusCodes.Status401Unauthorized, AuthConstants.CodeInvalidCredentials, "The e-mail, password or code is wrong.");

    private static ITimeLimitedDataProtector Pending(IDataProtectionProvider dp) => dp.CreateProtector(PendingPurpose).ToTimeLimitedDataProtector();

    private static string? ReadPending(HttpContext http, IDataProtectionProvider dp)
    {
        if (!http.Request.Cookies.TryGetValue(AuthConstants.PendingCookie, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }
        try
        {
            return Pending(dp).Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static CookieOptions PendingCookieOptions(HttpContext http, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = AuthenticationGate.AuthPath,
        MaxAge = lifetime,
        IsEssential = true,
    };

    private static string RequireCode(CodeRequest? body) =>
        string.IsNullOrWhiteSpace(body?.Code) ? throw HubRealtimeException.Invalid("Send { \"code\": ... }.") : body.Code;

    private static string QrSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }

    /// <summary>
    /// A normalized e-mail and a password of possible length; anything else is answered like wrong
    /// credentials without reaching a grain.
    /// </summary>
    private static bool TryReadCredentials(string? email, string? password, out string normalized) =>
        EmailAddress.TryNormalize(email, out normalized)
        && !string.IsNullOrEmpty(password)
        && password.Length <= AccountLimits.MaxPasswordLength;
}
