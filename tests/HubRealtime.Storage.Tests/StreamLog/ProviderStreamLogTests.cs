using Azure.Data.Tables;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Storage.Azure;
using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Testing;

namespace HubRealtime.Storage.Tests.StreamLog;

/// <summary>The generic stream log suite on the embedded SQLite database.</summary>
public sealed class SqliteStreamLogTests : StreamLogConformanceTests
{
    private readonly TempDirectory _directory = new("hubrealtime-streamlog");
    private SqliteDatabase? _database;

    protected override Task<IStreamLog<TickEvent>> OpenAsync(string kind)
    {
        _database ??= new SqliteDatabase(_directory.Path);
        return Task.FromResult<IStreamLog<TickEvent>>(new SqliteStreamLog<TickEvent>(_database, kind, new TickCodec()));
    }

    protected override async Task CloseAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
            _database = null;
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>The generic stream log suite on Azure Table storage (Azurite): a table per kind of stream.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureTableStreamLogTests(AzuriteFixture azurite) : StreamLogConformanceTests
{
    private readonly string _prefix = $"Stream{Guid.NewGuid():N}"[..20];

    protected override Task<IStreamLog<TickEvent>> OpenAsync(string kind) =>
        Task.FromResult<IStreamLog<TickEvent>>(new AzureTableStreamLog<TickEvent>(
            new TableServiceClient(azurite.ConnectionString), _prefix + kind, new TickCodec()));

    protected override Task CloseAsync() => Task.CompletedTask;
}
