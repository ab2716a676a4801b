namespace HubRealtime.Abstractions.Streams;

/// <summary>
/// One event of an ordered stream (a room's events today; a note's ops and a poll's events next):
/// <see cref="Seq"/> is dense and monotonic per stream, starting at 1.
/// </summary>
public interface ISequenced
{
    long Seq { get; }
}
