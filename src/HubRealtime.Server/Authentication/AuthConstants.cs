using System.Security.Claims;
using HubRealtime.Abstractions.Accounts;

namespace HubRealtime.Server.Authentication;

/// <summary>Scheme names, claim types, cookie names and error codes of the authentication edge.</summary>
public static class AuthConstants
{
    /// <summary>The default scheme: forwards to <see cref="BearerScheme"/> when a bearer credential is present, else to <see cref="CookieScheme"/>.</summary>
    public const string PolicyScheme = "hr";
    public const string CookieScheme = "hr-cookie";
    public const string BearerScheme = "hr-bearer";

    public const string StampClaim = "hr:stamp";
    public const string MustChangePasswordClaim = "hr:must-change-password";
    public const string MfaEnrolmentRequiredClaim = "hr:mfa-enrolment-required";

    public const string SessionCookie = "hr.session";
    public const string PendingCookie = "hr.2fa";
    public const string AntiforgeryCookie = "hr.xsrf";
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    public const string Issuer = "hubrealtime";
    public const string Audience = "hubrealtime";

    // Error codes of the edge (ProblemDetails "code").
    public const string CodeInvalidCredentials = "invalid_credentials";
    public const string CodeLockedOut = "locked_out";
    public const string CodeDeactivated = "deactivated";
    public const string CodeSecondFactorRequired = "second_factor_required";
    public const string CodeAntiforgery = "antiforgery";
    public const string CodePasswordChangeRequired = "password_change_required";
    public const string CodeMfaEnrolmentRequired = "mfa_enrolment_required";

    /// <summary>The principal of a validated session: always rebuilt from the user grain's current profile.</summary>
    public static ClaimsPrincipal Principal(SessionInfo session, string authenticationType)
    {
        var profile = session.Profile;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, profile.Email),
            new(ClaimTypes.Name, profile.DisplayName),
            new(ClaimTypes.Email, profile.Email),
            new(StampClaim, session.SecurityStamp),
        };
        if (profile.MustChangePassword)
        {
            claims.Add(new Claim(MustChangePasswordClaim, "true"));
        }
        if (profile.MfaRequired && !profile.MfaEnabled)
        {
            claims.Add(new Claim(MfaEnrolmentRequiredClaim, "true"));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
