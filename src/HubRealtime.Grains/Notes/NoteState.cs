namespace HubRealtime.Grains.Notes;

/// <summary>A note's small, bounded state (its content is the op log and the snapshots, never grain state).</summary>
[GenerateSerializer, Alias("HubRealtime.Grains.Notes.NoteState")]
public sealed class NoteState
{
    /// <summary>Locked by a moderator: readable, not writable.</summary>
    [Id(0)] public bool Locked { get; set; }
}
