using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;

namespace HubRealtime.Grains.Storage.Azure;

public static class AzureStorageRegistration
{
    /// <summary>Table of the grain state (alphanumeric: Orleans validates it at silo start).</summary>
    public const string GrainStateTableName = "HubGrainState";

    /// <summary>
    /// Grain state, chat log and audit log on Azure Table storage (or Azurite), for multi-silo deployments.
    /// Grain state uses Orleans' Azure Table provider under <see cref="StorageNames.Grains"/>: it splits
    /// the serialized state over up to 15 binary properties of 64 KB, so one grain's state may reach
    /// about 960 KB serialized (writes beyond fail); the chat log is kept out of grain state for that reason.
    /// </summary>
    public static ISiloBuilder AddAzureStorage(this ISiloBuilder silo, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        silo.AddAzureTableGrainStorage(StorageNames.Grains, (AzureTableStorageOptions options) =>
        {
            options.TableServiceClient = new TableServiceClient(connectionString);
            options.TableName = GrainStateTableName;
            // Clearing deletes the row rather than leaving an empty one behind.
            options.DeleteStateOnClear = true;
        });
        silo.Services.AddSingleton<IChatLogStore>(_ => new AzureTableChatLogStore(new TableServiceClient(connectionString)));
        silo.Services.AddSingleton<IAuditStore>(_ => new AzureTableAuditStore(new TableServiceClient(connectionString)));
        // Durable wake-ups (meeting deadlines, retention purges) survive a restart in the "HubReminders" table.
        silo.UseAzureTableReminderService(options =>
        {
            options.TableServiceClient = new TableServiceClient(connectionString);
            options.TableName = "HubReminders";
        });
        return silo;
    }
}
