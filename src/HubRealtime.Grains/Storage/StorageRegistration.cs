using HubRealtime.Abstractions.Notes;
using HubRealtime.Grains.Notes;
using HubRealtime.Grains.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace HubRealtime.Grains.Storage;

public static class StorageRegistration
{
    /// <summary>The stream kind of notes' op logs in the embedded store.</summary>
    public const string NoteLogKind = "note";

    /// <summary>
    /// The embedded default: grain state, chat log and audit log in one SQLite file under <paramref name="dataDirectory"/>.
    /// Single silo only: the file is local to this machine.
    /// </summary>
    public static ISiloBuilder AddEmbeddedStorage(this ISiloBuilder silo, string dataDirectory)
    {
        silo.Services.AddSingleton(_ => new SqliteDatabase(dataDirectory));
        silo.Services.AddSingleton<IChatLogStore, SqliteChatLogStore>();
        silo.Services.AddSingleton<IAuditStore, SqliteAuditStore>();
        silo.Services.AddSingleton<IStreamLog<NoteOp>>(services => new SqliteStreamLog<NoteOp>(
            services.GetRequiredService<SqliteDatabase>(), NoteLogKind, new NoteOpCodec()));
        silo.Services.AddSingleton<INoteSnapshotStore, SqliteNoteSnapshotStore>();
        // Durable wake-ups (meeting deadlines, retention purges) in the same file.
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
        silo.Services.AddGrainStorage(StorageNames.Grains, (services, name) => new SqliteGrainStorage(
            name, services.GetRequiredService<SqliteDatabase>(), services.GetRequiredService<IGrainStorageSerializer>()));
        return silo;
    }
}
