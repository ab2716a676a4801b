namespace HubRealtime.Abstractions.Accounts;

/// <summary>Account rules shared by the grains that enforce them and the clients that explain them.</summary>
public static class AccountLimits
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public const int RecoveryCodeCount = 10;
    public static readonly TimeSpan DefaultInvitationLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxInvitationLifetime = TimeSpan.FromDays(30);
}
