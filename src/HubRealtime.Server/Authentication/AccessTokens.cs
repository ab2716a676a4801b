using System.Security.Claims;
using HubRealtime.Abstractions.Accounts;
using HubRealtime.Server.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HubRealtime.Server.Authentication;

/// <summary>Issues the short-lived bearer tokens (HS256 JWT) of API and .NET clients.</summary>
public sealed class AccessTokens(JwtSigningKey key, IOptions<HubRealtimeOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public TimeSpan Lifetime => TimeSpan.FromMinutes(options.Value.Identity.AccessTokenMinutes);

    public string Issue(SessionInfo session)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthConstants.Issuer,
            Audience = AuthConstants.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, session.Profile.Email),
                new Claim(JwtRegisteredClaimNames.Email, session.Profile.Email),
                new Claim(JwtRegisteredClaimNames.Name, session.Profile.DisplayName),
                new Claim(AuthConstants.StampClaim, session.SecurityStamp),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
        });
    }
}
