using HubRealtime.Abstractions.Identity;

namespace HubRealtime.Abstractions.Audit;

/// <summary>
/// The append-only, hash-chained audit log of one scope (<see cref="AuditScope"/>), keyed by the scope.
/// Entries are kept at least one year; nothing in the product deletes them earlier.
/// </summary>
[Alias("HubRealtime.Abstractions.Audit.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>System only (grains record what they did). Completes once the entry is durably stored.</summary>
    [Alias("Append")]
    Task<AuditEntry> Append(Caller caller, AuditEvent auditEvent);

    /// <summary>
    /// Auditors only: hub admins for every scope; agency admins for their agency's scope.
    /// Up to <paramref name="limit"/> entries with seq &gt; <paramref name="afterSeq"/>, ascending.
    /// </summary>
    [Alias("Read")]
    Task<AuditPage> Read(Caller caller, long afterSeq, int limit);

    /// <summary>Auditors only: re-reads the whole stored chain and checks every link.</summary>
    [Alias("Verify")]
    Task<AuditVerification> Verify(Caller caller);
}
