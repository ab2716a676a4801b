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
    /// The interim <c>?user=&amp;name=</c> query identity on the hub and API paths. On until the web client
    /// has sign-in pages; it never overrides a real (cookie or bearer) identity.
    /// </summary>
    public bool DevQueryIdentity { get; set; } = true;

    /// <summary>Sliding idle timeout of the browser session cookie.</summary>
    public int IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>Lifetime of a bearer access token.</summary>
    public int AccessTokenMinutes { get; set; } = 15;
}
