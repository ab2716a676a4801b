using System.Security.Claims;
using System.Security.Cryptography;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Server.Configuration;
using HubRealtime.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HubRealtime.Server.Authentication;

/// <summary>
/// Agency single sign-on: bearer tokens issued by an agency's own OIDC/JWT authority are accepted for
/// users whose local account exists (created from an invitation), matched by e-mail. The agency's
/// authority vouches for who they are; everything they may do is still decided by the grains.
/// </summary>
public static class ExternalAuthority
{
    public const string Scheme = "hr-sso";

    public static bool IsEnabled(ExternalAuthoritySettings? settings) => !string.IsNullOrWhiteSpace(settings?.Issuer);

    public static AuthenticationBuilder AddExternalAuthority(this AuthenticationBuilder builder, ExternalAuthoritySettings settings)
    {
        return builder.AddJwtBearer(Scheme, o =>
        {
            o.MapInboundClaims = false;
            if (!string.IsNullOrWhiteSpace(settings.MetadataAddress))
            {
                // Keys (and their rotation) come from the authority's discovery document.
                o.MetadataAddress = settings.MetadataAddress;
            }
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256],
                ClockSkew = TimeSpan.FromSeconds(30),
                IssuerSigningKeys = string.IsNullOrWhiteSpace(settings.SigningKeyPem) ? null : [PublicKey(settings.SigningKeyPem)],
            };
            o.Events = new JwtBearerEvents
            {
                OnMessageReceived = AuthenticationSetup.ReadHubQueryToken,
                OnTokenValidated = c => MapToLocalAccountAsync(c, settings),
            };
        });
    }

    /// <summary>True when the bearer token names this authority as its issuer (read, not yet validated).</summary>
    public static bool IsFrom(ExternalAuthoritySettings settings, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }
        try
        {
            return string.Equals(new JsonWebTokenHandler().ReadJsonWebToken(token).Issuer, settings.Issuer, StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false; // not a JWT: the local scheme will refuse it
        }
    }

    private static async Task MapToLocalAccountAsync(TokenValidatedContext context, ExternalAuthoritySettings settings)
    {
        var principal = context.Principal;
        if (principal?.FindFirstValue("email_verified") is "false" or "False")
        {
            context.Fail("The authority has not verified this e-mail address.");
            return;
        }
        if (!EmailAddress.TryNormalize(principal?.FindFirstValue(settings.EmailClaim), out var email))
        {
            context.Fail($"The token carries no usable '{settings.EmailClaim}' claim.");
            return;
        }
        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        var session = await grains.GetGrain<IUserGrain>(email).ExternalSession(Caller.System);
        if (session is null)
        {
            context.Fail("No active account was created for this e-mail address by an invitation.");
            return;
        }
        // Same principal shape as a local bearer token: the rest of the edge treats both alike.
        context.Principal = AuthConstants.Principal(session, AuthConstants.BearerScheme);
    }

    private static SecurityKey PublicKey(string pem)
    {
        if (TryEc(pem) is { } ec)
        {
            return ec;
        }
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa);
    }

    private static ECDsaSecurityKey? TryEc(string pem)
    {
        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
