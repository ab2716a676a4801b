namespace HubRealtime.Server.Configuration;

/// <summary>Everything under the <c>HubRealtime</c> configuration section (appsettings or HubRealtime__* variables).</summary>
public sealed class HubRealtimeOptions
{
    public const string Section = "HubRealtime";

    public StorageOptions Storage { get; set; } = new();
    public ClusterOptions Cluster { get; set; } = new();
    public IdentitySettings Identity { get; set; } = new();

    public DataProtectionCertificateOptions DataProtection { get; set; } = new();

    /// <summary>
    /// Browser origins besides the server's own that may open hub connections (e.g. a separately hosted
    /// front end: "https://hub.example.org").
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Rooms created at start if missing (the web client's default room is "lobby").</summary>
    public List<SeedRoom> SeedRooms { get; set; } = [];
}

public enum StorageProvider
{
    /// <summary>SQLite under <see cref="StorageOptions.DataDirectory"/>: no external process, single silo.</summary>
    Embedded,

    /// <summary>Orleans' Azure Table storage and the chat log in Azure Tables (Azurite in development).</summary>
    AzureStorage,
}

public sealed class StorageOptions
{
    public StorageProvider Provider { get; set; } = StorageProvider.Embedded;

    /// <summary>Embedded store's directory; default: the user's local application data folder + HubRealtime.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Azure Storage connection string (AzureStorage provider and AzureTable clustering).</summary>
    public string? ConnectionString { get; set; }

    public string ResolvedDataDirectory => string.IsNullOrWhiteSpace(DataDirectory)
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "HubRealtime")
        : Path.GetFullPath(DataDirectory);
}

public enum ClusterMode
{
    /// <summary>One silo on this machine.</summary>
    Localhost,

    /// <summary>A multi-silo cluster whose membership lives in Azure Tables.</summary>
    AzureTable,
}

public sealed class ClusterOptions
{
    public ClusterMode Mode { get; set; } = ClusterMode.Localhost;
    public string ClusterId { get; set; } = "hubrealtime";
    public string ServiceId { get; set; } = "hubrealtime";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
}

public sealed class SeedRoom
{
    public string RoomId { get; set; } = "";
    public string Title { get; set; } = "";
}

/// <summary>The certificate (PKCS#12 file) that encrypts the Data Protection key ring at rest.</summary>
public sealed class DataProtectionCertificateOptions
{
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }
}
