namespace HubRealtime.Server.Configuration;

/// <summary>The <c>HubRealtime:Identity</c> section: the authentication edge.</summary>
public sealed class IdentitySettings
{
    /// <summary>The hub administrator created at first start.</summary>
    public string AdminEmail { get; set; } = "admin@hubrealtime.local";

    /// <summary>
    /// The administrator's initial password. When empty, a random one is generated, printed once to the
    /// log and must be changed at first sign-in.
    /// </summary>
    public string? AdminPassword { get; set; }

    /// <summary>
    /// The interim <c>?user=&amp;name=</c> query identity on the hub and API paths, for development clients
    /// without credentials. Off by default; it never overrides a real (cookie or bearer) identity.
    /// </summary>
    public bool DevQueryIdentity { get; set; }

    /// <summary>Sliding idle timeout of the browser session cookie.</summary>
    public int IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>Lifetime of a bearer access token.</summary>
    public int AccessTokenMinutes { get; set; } = 15;

    /// <summary>An agency's own identity provider for single sign-on; off while its issuer is empty.</summary>
    public ExternalAuthoritySettings ExternalAuthority { get; set; } = new();
}

/// <summary>
/// The <c>HubRealtime:Identity:ExternalAuthority</c> section: an OIDC/JWT authority whose tokens are
/// accepted for users that already have an account (matched by e-mail).
/// </summary>
public sealed class ExternalAuthoritySettings
{
    /// <summary>The tokens' <c>iss</c>; setting it turns single sign-on on.</summary>
    public string? Issuer { get; set; }

    /// <summary>The tokens' required <c>aud</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>OIDC discovery document (https://…/.well-known/openid-configuration), for its signing keys.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Or a fixed public key (PEM, RSA or EC) when the authority publishes no discovery document.</summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>The claim that carries the user's e-mail address.</summary>
    public string EmailClaim { get; set; } = "email";
}
