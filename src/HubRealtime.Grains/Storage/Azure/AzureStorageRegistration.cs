using Azure.Data.Tables;
using Azure.Storage.Blobs;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Grains.Notes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;

namespace HubRealtime.Grains.Storage.Azure;

public static class AzureStorageRegistration
{
    /// <summary>Table of the grain state (alphanumeric: Orleans validates it at silo start).</summary>
    public const string GrainStateTableName = "HubGrainState";

    /// <summary>Table of the notes' op logs (a partition per note).</summary>
    public const string NoteOpsTableName = "HubNoteOps";

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
        silo.Services.AddSingleton<IStreamLog<NoteOp>>(_ => new AzureTableStreamLog<NoteOp>(new TableServiceClient(connectionString), NoteOpsTableName, new NoteOpCodec()));
        // Snapshots may reach a megabyte, beyond a table entity: one blob per note.
        silo.Services.AddSingleton<INoteSnapshotStore>(_ => new AzureBlobNoteSnapshotStore(new BlobServiceClient(connectionString)));
        // Durable wake-ups (meeting deadlines, retention purges) survive a restart in the "HubReminders" table.
        silo.UseAzureTableReminderService(options =>
        {
            options.TableServiceClient = new TableServiceClient(connectionString);
            options.TableName = "HubReminders";
        });
        return silo;
    }
}
