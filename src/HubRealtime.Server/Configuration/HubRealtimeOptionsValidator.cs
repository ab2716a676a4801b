using HubRealtime.Abstractions.Rooms;
using Microsoft.Extensions.Options;

namespace HubRealtime.Server.Configuration;

/// <summary>Rejects a configuration that cannot work, at start, with a message that says what to change.</summary>
public sealed class HubRealtimeOptionsValidator : IValidateOptions<HubRealtimeOptions>
{
    public ValidateOptionsResult Validate(string? name, HubRealtimeOptions options)
    {
        var errors = new List<string>();
        var storage = options.Storage;
        var cluster = options.Cluster;

        if (!Enum.IsDefined(storage.Provider))
        {
            errors.Add("HubRealtime:Storage:Provider must be Embedded or AzureStorage.");
        }
        if (storage.Provider == StorageProvider.AzureStorage && string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            errors.Add("HubRealtime:Storage:ConnectionString is required when HubRealtime:Storage:Provider is AzureStorage " +
                "(for Azurite: UseDevelopmentStorage=true).");
        }
        if (cluster.Mode == ClusterMode.AzureTable)
        {
            if (storage.Provider == StorageProvider.Embedded)
            {
                errors.Add("The embedded storage is local to one machine and supports a single silo only: " +
                    "set HubRealtime:Storage:Provider to AzureStorage to run HubRealtime:Cluster:Mode AzureTable.");
            }
            if (string.IsNullOrWhiteSpace(storage.ConnectionString))
            {
                errors.Add("HubRealtime:Cluster:Mode AzureTable needs HubRealtime:Storage:ConnectionString.");
            }
        }
        if (!Enum.IsDefined(cluster.Mode))
        {
            errors.Add("HubRealtime:Cluster:Mode must be Localhost or AzureTable.");
        }
        foreach (var (port, key) in new[] { (cluster.SiloPort, "SiloPort"), (cluster.GatewayPort, "GatewayPort") })
        {
            if (port is < 1 or > 65535)
            {
                errors.Add($"HubRealtime:Cluster:{key} must be a TCP port (1-65535), not {port}.");
            }
        }
        if (cluster.SiloPort == cluster.GatewayPort)
        {
            errors.Add("HubRealtime:Cluster:SiloPort and GatewayPort must differ.");
        }
        if (string.IsNullOrWhiteSpace(cluster.ClusterId) || string.IsNullOrWhiteSpace(cluster.ServiceId))
        {
            errors.Add("HubRealtime:Cluster:ClusterId and ServiceId must not be empty.");
        }
        foreach (var room in options.SeedRooms)
        {
            if (!RoomId.IsValid(room.RoomId) || string.IsNullOrWhiteSpace(room.Title))
            {
                errors.Add($"HubRealtime:SeedRooms: '{room.RoomId}' needs a valid room id (lower-case slug) and a title.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
