namespace HubRealtime.Grains.Notes;

/// <summary>Audited note actions (stable strings in the chain); exports use <c>AuditActions.Exported</c>.</summary>
internal static class NoteAudit
{
    public const string Created = "note-created";
    public const string Restored = "note-restored";
    public const string Locked = "note-locked";
    public const string Unlocked = "note-unlocked";
}
