using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Server.Realtime;

/// <summary>The largest hub message a client may send: a note change at its limits with room for its JSON envelope.</summary>
public static class HubFrameLimit
{
    /// <summary>3 bytes per UTF-16 unit is UTF-8's worst case (a surrogate pair is 4 bytes for 2 units).</summary>
    public const int Bytes = (3 * NoteLimits.MaxInsertedCharsPerChange) + (64 * 1024);
}
