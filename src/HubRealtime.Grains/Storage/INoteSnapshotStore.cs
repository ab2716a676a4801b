namespace HubRealtime.Grains.Storage;

/// <summary>
/// Snapshots of notes: the document at a revision (the body is the codec's JSON), kept at every snapshot
/// interval, so that the note as it was at any revision is one snapshot read plus at most an interval of
/// ops. Writing a revision again changes nothing (the first write stays). Losing a snapshot loses nothing:
/// the op log has every revision; it only makes reads replay more.
/// </summary>
public interface INoteSnapshotStore
{
    /// <summary>The snapshot at exactly <paramref name="rev"/>, or null.</summary>
    Task<string?> ReadAsync(string noteId, long rev, CancellationToken cancellationToken = default);

    Task WriteAsync(string noteId, long rev, string body, CancellationToken cancellationToken = default);
}
