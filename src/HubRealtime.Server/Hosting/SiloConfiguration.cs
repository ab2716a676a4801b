using Azure.Data.Tables;
using HubRealtime.Grains;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Storage.Azure;
using HubRealtime.Server.Configuration;
using Microsoft.Extensions.Options;

namespace HubRealtime.Server.Hosting;

/// <summary>Configures the co-hosted Orleans silo from <see cref="HubRealtimeOptions"/>.</summary>
internal static class SiloConfiguration
{
    public static void AddHubRealtimeSilo(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(HubRealtimeOptions.Section);
        builder.Services.AddOptions<HubRealtimeOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HubRealtimeOptions>, HubRealtimeOptionsValidator>();

        // The silo is configured before the container exists, so validate here too: a bad
        // configuration must stop the start with the validator's message, not an Orleans error.
        var options = section.Get<HubRealtimeOptions>() ?? new HubRealtimeOptions();
        var result = new HubRealtimeOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(HubRealtimeOptions.Section, typeof(HubRealtimeOptions), result.Failures);
        }

        builder.AddHubRealtimeDataProtection(options);
        builder.UseOrleans(silo =>
        {
            var cluster = options.Cluster;
            var storage = options.Storage;
            if (cluster.Mode == ClusterMode.AzureTable)
            {
                silo.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(storage.ConnectionString));
                silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
                silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort);
            }
            else
            {
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            }

            silo.AddHubRealtimeGrains();
            if (storage.Provider == StorageProvider.AzureStorage)
            {
                silo.AddAzureStorage(storage.ConnectionString!);
            }
            else
            {
                silo.AddEmbeddedStorage(storage.ResolvedDataDirectory);
            }
        });
    }
}
