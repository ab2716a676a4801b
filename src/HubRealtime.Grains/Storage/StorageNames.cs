namespace HubRealtime.Grains.Storage;

/// <summary>Names of the Orleans providers every deployment registers, whatever the backing store.</summary>
public static class StorageNames
{
    /// <summary>Grain state provider used by every grain's <c>[PersistentState]</c>.</summary>
    public const string Grains = "hub";
}
