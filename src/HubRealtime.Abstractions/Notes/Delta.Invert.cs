namespace HubRealtime.Abstractions.Notes;

public sealed partial class Delta
{
    /// <summary>
    /// The change that undoes this change applied to <paramref name="baseDocument"/> (quill-delta's invert):
    /// <c>base.Compose(change).Compose(change.Invert(base)) == base</c>.
    /// </summary>
    public Delta Invert(Delta baseDocument)
    {
        ArgumentNullException.ThrowIfNull(baseDocument);
        var inverted = new DeltaBuilder();
        // quill-delta slices the base at each op; positions only grow, so one forward walk does the same.
        var baseIter = new OpIterator(baseDocument.OpArray);
        foreach (var op in OpArray)
        {
            if (op.IsInsert)
            {
                inverted.Delete(op.Length);
            }
            else if (op.IsRetain && op.Attributes is null)
            {
                inverted.Retain(op.Retain);
                baseIter.Advance(op.Retain);
            }
            else
            {
                var remaining = op.Length;
                while (remaining > 0 && baseIter.HasNext)
                {
                    var baseOp = baseIter.Next(remaining);
                    remaining -= baseOp.Length;
                    if (op.IsDelete)
                    {
                        inverted.Push(baseOp);
                    }
                    else
                    {
                        inverted.Retain(baseOp.Length, AttributeMap.Invert(op.Attributes, baseOp.Attributes));
                    }
                }
            }
        }
        return inverted.Chop().Build();
    }
}
