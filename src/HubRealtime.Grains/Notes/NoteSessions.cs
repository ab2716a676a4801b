using HubRealtime.Abstractions.Notes;

namespace HubRealtime.Grains.Notes;

/// <summary>Groups consecutive revisions into sessions of editing, split where the note rested longer than <see cref="NoteHistory.SessionGap"/>.</summary>
internal static class NoteSessions
{
    /// <summary>Sessions of <paramref name="ops"/> (ascending), newest first; editors in the order they first edited.</summary>
    public static IReadOnlyList<NoteEditSession> Of(IReadOnlyList<NoteOp> ops)
    {
        var sessions = new List<NoteEditSession>();
        var start = 0;
        for (var i = 1; i <= ops.Count; i++)
        {
            if (i == ops.Count || ops[i].At - ops[i - 1].At > NoteHistory.SessionGap)
            {
                if (i > start)
                {
                    sessions.Add(Session(ops, start, i));
                }
                start = i;
            }
        }
        sessions.Reverse();
        return sessions;
    }

    private static NoteEditSession Session(IReadOnlyList<NoteOp> ops, int from, int to)
    {
        var editors = new List<NoteEditorSummary>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = from; i < to; i++)
        {
            var op = ops[i];
            if (index.TryGetValue(op.Author, out var at))
            {
                editors[at] = editors[at] with { Revisions = editors[at].Revisions + 1, DisplayName = op.AuthorName };
            }
            else
            {
                index[op.Author] = editors.Count;
                editors.Add(new NoteEditorSummary(op.Author, op.AuthorName, 1));
            }
        }
        return new NoteEditSession(ops[from].Rev, ops[to - 1].Rev, ops[from].At, ops[to - 1].At, editors);
    }
}
