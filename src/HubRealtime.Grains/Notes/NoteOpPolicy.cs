using System.Text.Json;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Notes;

/// <summary>
/// What a client's change to a note may be, checked before the grain transforms it: the limits of
/// <see cref="NoteLimits"/>, the allowed formats and their values, and the text rules. The accepted
/// change comes back normalized, with every insert stamped <c>author</c> = the sender and no
/// <c>author</c> on retains, so the attribution cannot be forged or erased.
/// </summary>
public static class NoteOpPolicy
{
    /// <summary>The checked, author-stamped, normalized change.</summary>
    /// <exception cref="HubRealtimeException">invalid_argument, saying which op broke which rule.</exception>
    public static Delta Check(Delta change, string authorId)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentException.ThrowIfNullOrEmpty(authorId);
        var ops = change.Ops;
        if (ops.Count > NoteLimits.MaxOpsPerChange)
        {
            throw HubRealtimeException.Invalid($"The change has {ops.Count} ops, more than {NoteLimits.MaxOpsPerChange}.");
        }
        var authorJson = JsonSerializer.Serialize(authorId);
        var stamp = AttributeMap.Of((NoteAttributeRules.Author, authorJson));
        var builder = new DeltaBuilder();
        long inserted = 0;
        long baseLength = 0;
        for (var i = 0; i < ops.Count; i++)
        {
            var op = ops[i];
            if (op.IsInsert)
            {
                inserted += op.Insert!.Length;
                if (inserted > NoteLimits.MaxInsertedCharsPerChange)
                {
                    throw HubRealtimeException.Invalid($"The change inserts more than {NoteLimits.MaxInsertedCharsPerChange} characters.");
                }
                NoteTextRules.Check(op.Insert, i);
                var attributes = NoteAttributeRules.Check(op.Attributes, isInsert: true, i);
                builder.Insert(op.Insert, attributes is null ? stamp : attributes.With(NoteAttributeRules.Author, authorJson));
            }
            else if (op.IsRetain)
            {
                baseLength += op.Retain;
                builder.Retain(op.Retain, NoteAttributeRules.Check(op.Attributes, isInsert: false, i));
            }
            else
            {
                baseLength += op.Delete;
                builder.Delete(op.Delete);
            }
        }
        if (baseLength > NoteLimits.MaxNoteLength)
        {
            throw HubRealtimeException.Invalid($"The change retains or deletes {baseLength} characters, past the end of any note.");
        }
        return builder.Chop().Build();
    }

    /// <summary>Refuses a change that would make the note longer than <see cref="NoteLimits.MaxNoteLength"/>.</summary>
    /// <exception cref="HubRealtimeException">note_too_large.</exception>
    public static void EnsureFits(int currentLength, Delta change)
    {
        ArgumentNullException.ThrowIfNull(change);
        long growth = 0;
        foreach (var op in change.Ops)
        {
            growth += op.IsInsert ? op.Insert!.Length : -op.Delete;
        }
        var after = currentLength + growth;
        // A change that shrinks the note (or keeps its length) always fits, even if a lower limit came later.
        if (growth > 0 && after > NoteLimits.MaxNoteLength)
        {
            throw new HubRealtimeException(ErrorCodes.NoteTooLarge,
                $"The note would have {after} characters, more than the maximum of {NoteLimits.MaxNoteLength}.");
        }
    }
}
