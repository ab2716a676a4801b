using HubRealtime.Abstractions.Audit;

namespace HubRealtime.Grains.Audit;

/// <summary>
/// The audit grain's persisted state: the sequence and hash of the newest stored entry, rewritten after
/// every committed batch. Small and bounded (the entries live in <see cref="Storage.IAuditStore"/>); it is
/// a second record of the head, kept apart from the entries, so that removing the newest entries from the
/// log is detected.
/// </summary>
[GenerateSerializer, Alias("HubRealtime.Grains.Audit.AuditLogState")]
public sealed class AuditLogState
{
    [Id(0)] public long LastSeq { get; set; }
    [Id(1)] public string LastHash { get; set; } = AuditChain.GenesisHash;
}

/// <summary>A validated event waiting for the scope's next group commit.</summary>
internal sealed class PendingAudit(AuditEvent auditEvent)
{
    public AuditEvent Event { get; } = auditEvent;
    public TaskCompletionSource<AuditEntry> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
