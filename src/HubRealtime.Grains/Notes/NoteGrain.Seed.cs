using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Grains.Rooms;
using HubRealtime.Grains.Security;

namespace HubRealtime.Grains.Notes;

/// <summary>Server-side starts of a note (a breakout's template) and the cheap read of its head.</summary>
public sealed partial class NoteGrain
{
    /// <summary>
    /// The one client key of a seed, under the system as sender whoever the author is: every seed of a
    /// note is the same append, so a retried or concurrent one is answered by the first.
    /// </summary>
    private const string SeedClientId = "template-seed";

    public async Task<long> GetHead(Caller caller)
    {
        await RoomCapabilitiesAsync(caller);
        return Stream.LastSeq;
    }

    public async Task<bool> Seed(Caller caller, Delta document, Caller? author = null)
    {
        CallerAuthority.RequireSystem(caller);
        if (document is null || !document.IsDocument || document.Length() == 0)
        {
            throw HubRealtimeException.Invalid("A seed is a non-empty document (inserts only).");
        }
        var by = author ?? Caller.System;
        ChatInput.RequireCaller(by);
        var key = NoteOpCodec.ClientKey(SeedClientId, 1);
        if (Stream.Known(Caller.System.UserId, key) is { } known)
        {
            await known;
            return false;
        }
        if (Stream.LastSeq > 0)
        {
            return false;
        }
        var room = await RoomCapabilitiesAsync(Caller.System);
        if (WriteRefusal(room) is { } refusal)
        {
            throw refusal;
        }
        var appended = await AppendServerChangeAsync(by, Caller.System.UserId, SeedClientId, 0, NoteOpPolicy.Check(document, by.UserId));
        return !appended.Duplicate;
    }
}
