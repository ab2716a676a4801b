namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// Bounds the strict JSON reader enforces on every op, so one message cannot carry attribute maps of
/// unbounded size. Quill's own formats use a handful of short keys.
/// </summary>
public static class DeltaJsonLimits
{
    public const int MaxAttributeKeyLength = 64;
    public const int MaxAttributesPerOp = 32;
}
