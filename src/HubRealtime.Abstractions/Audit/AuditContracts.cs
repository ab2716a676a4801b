namespace HubRealtime.Abstractions.Audit;

/// <summary>
/// Audit scopes: one hash chain each. "hub", "agency:{agencyId}", "group:{groupId}" (and, with the
/// meetings stage, "meeting:{meetingId}").
/// </summary>
public static class AuditScope
{
    public const string Hub = "hub";
    public static string Agency(string agencyId) => "agency:" + agencyId;
    public static string Group(string groupId) => "group:" + groupId;
}

/// <summary>Audited actions; stable strings, stored in the chain.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "locked-out";
    public const string SignOutEverywhere = "sign-out-everywhere";
    public const string PasswordChanged = "password-changed";
    public const string MfaEnabled = "mfa-enabled";
    public const string MfaDisabled = "mfa-disabled";
    public const string RecoveryCodesRegenerated = "recovery-codes-regenerated";
    public const string RecoveryCodeUsed = "recovery-code-used";
    public const string AgencyCreated = "agency-created";
    public const string AgencyDeactivated = "agency-deactivated";
    public const string AgencyReactivated = "agency-reactivated";
    public const string InvitationIssued = "invitation-issued";
    public const string InvitationAccepted = "invitation-accepted";
    public const string InvitationRevoked = "invitation-revoked";
    public const string UserDeactivated = "user-deactivated";
    public const string UserReactivated = "user-reactivated";
    public const string RoleChanged = "role-changed";
    public const string GroupCreated = "group-created";
    public const string MemberJoined = "member-joined";
    public const string MemberLeft = "member-left";
    public const string MemberRemoved = "member-removed";
    public const string Deleted = "deleted";
    public const string Exported = "exported";
}

/// <summary>What a grain asks to record; the audit grain adds sequence, time and hashes.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Audit.AuditEvent")]
public sealed record AuditEvent(
    [property: Id(0)] string Actor,
    [property: Id(1)] string Action,
    [property: Id(2)] string Target,
    [property: Id(3)] string Details);

/// <summary>
/// A stored entry. <see cref="Hash"/> = SHA-256 over a canonical encoding of every other field,
/// <see cref="PreviousHash"/> included, so altering, inserting or removing an entry breaks the chain.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Audit.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] string Scope,
    [property: Id(1)] long Seq,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Actor,
    [property: Id(4)] string Action,
    [property: Id(5)] string Target,
    [property: Id(6)] string Details,
    [property: Id(7)] string PreviousHash,
    [property: Id(8)] string Hash);

[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Audit.AuditPage")]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Entries,
    [property: Id(1)] long LastSeq);

/// <summary>The result of re-computing a chain: valid, or the first entry that breaks it and why.</summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Audit.AuditVerification")]
public sealed record AuditVerification(
    [property: Id(0)] string Scope,
    [property: Id(1)] bool Valid,
    [property: Id(2)] long EntriesChecked,
    [property: Id(3)] long? FirstInvalidSeq,
    [property: Id(4)] string? Problem);
