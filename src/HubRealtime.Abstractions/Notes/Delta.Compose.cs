namespace HubRealtime.Abstractions.Notes;

public sealed partial class Delta
{
    /// <summary>
    /// This delta followed by <paramref name="other"/>, as one delta (quill-delta's compose). Retains and
    /// deletes of <paramref name="other"/> past this delta's end are appended as they are.
    /// </summary>
    public Delta Compose(Delta other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var thisIter = new OpIterator(OpArray);
        var otherIter = new OpIterator(other.OpArray);
        var delta = new DeltaBuilder();

        // A leading plain retain keeps this delta's leading inserts as they are (quill-delta copies them unmerged).
        if (otherIter.Peek is { IsRetain: true, Attributes: null } firstOther)
        {
            long firstLeft = firstOther.Retain;
            while (thisIter.PeekIsInsert && thisIter.PeekLength <= firstLeft)
            {
                firstLeft -= thisIter.PeekLength;
                delta.AppendRaw(thisIter.Next());
            }
            if (firstOther.Retain - firstLeft > 0)
            {
                otherIter.Next((int)(firstOther.Retain - firstLeft));
            }
        }

        while (thisIter.HasNext || otherIter.HasNext)
        {
            if (otherIter.PeekIsInsert)
            {
                delta.Push(otherIter.Next());
            }
            else if (thisIter.PeekIsDelete)
            {
                delta.Push(thisIter.Next());
            }
            else
            {
                var length = Math.Min(thisIter.PeekLength, otherIter.PeekLength);
                var thisOp = thisIter.Next(length);
                var otherOp = otherIter.Next(length);
                if (otherOp.IsRetain)
                {
                    // Nulls survive on a retain (they still remove attributes later); on an insert they go.
                    var attributes = AttributeMap.Compose(thisOp.Attributes, otherOp.Attributes, keepNull: thisOp.IsRetain);
                    var newOp = thisOp.IsRetain ? DeltaOp.RetainOf(length, attributes) : DeltaOp.InsertOf(thisOp.Insert!, attributes);
                    delta.Push(newOp);

                    // The rest of other only retains: the rest of this delta is copied (quill-delta's shortcut,
                    // kept because it decides whether the rest gets merged).
                    if (!otherIter.HasNext && delta.LastEquals(newOp))
                    {
                        if (thisIter.HasNext)
                        {
                            var rest = thisIter.RestAfterCurrent;
                            delta.Push(thisIter.Next());
                            delta.AppendRaw(rest);
                        }
                        return delta.Chop().Build();
                    }
                }
                else if (otherOp.IsDelete && thisOp.IsRetain)
                {
                    // A delete of a retained position stays; a delete of an insert cancels both.
                    delta.Push(otherOp);
                }
            }
        }
        return delta.Chop().Build();
    }
}
