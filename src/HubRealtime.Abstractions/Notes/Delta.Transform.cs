namespace HubRealtime.Abstractions.Notes;

public sealed partial class Delta
{
    /// <summary>
    /// <paramref name="other"/> rewritten to apply after this delta, both made on the same document
    /// (quill-delta's transform). With <paramref name="priority"/> this delta counts as first: its inserts go
    /// before other's at the same place and its attributes win.
    /// </summary>
    public Delta Transform(Delta other, bool priority)
    {
        ArgumentNullException.ThrowIfNull(other);
        var thisIter = new OpIterator(OpArray);
        var otherIter = new OpIterator(other.OpArray);
        var delta = new DeltaBuilder();
        while (thisIter.HasNext || otherIter.HasNext)
        {
            if (thisIter.PeekIsInsert && (priority || !otherIter.PeekIsInsert))
            {
                delta.Retain(thisIter.SkipCurrent());
            }
            else if (otherIter.PeekIsInsert)
            {
                delta.Push(otherIter.Next());
            }
            else
            {
                var length = Math.Min(thisIter.PeekLength, otherIter.PeekLength);
                var thisOp = thisIter.Next(length);
                var otherOp = otherIter.Next(length);
                if (thisOp.IsDelete)
                {
                    // Our delete makes their delete redundant or removes what they retain.
                    continue;
                }
                if (otherOp.IsDelete)
                {
                    delta.Push(otherOp);
                }
                else
                {
                    delta.Retain(length, AttributeMap.Transform(thisOp.Attributes, otherOp.Attributes, priority));
                }
            }
        }
        return delta.Chop().Build();
    }

    /// <summary>
    /// Where <paramref name="index"/> (a cursor in the document before this change) lands after it (quill-delta's
    /// transformPosition). With <paramref name="priority"/> an insert exactly at the index goes after it.
    /// </summary>
    public int TransformPosition(int index, bool priority = false)
    {
        var iter = new OpIterator(OpArray);
        long position = index;
        long offset = 0;
        while (iter.HasNext && offset <= position)
        {
            var isDelete = iter.PeekIsDelete;
            var isInsert = iter.PeekIsInsert;
            var length = iter.SkipCurrent();
            if (isDelete)
            {
                position -= Math.Min(length, position - offset);
                continue;
            }
            if (isInsert && (offset < position || !priority))
            {
                position += length;
            }
            offset += length;
        }
        return (int)Math.Clamp(position, int.MinValue, int.MaxValue);
    }
}
