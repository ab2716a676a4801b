using Azure.Data.Tables;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Storage.Azure;
using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Testing;

namespace HubRealtime.Storage.Tests.ChatLog;

/// <summary>The chat log conformance suite on the embedded SQLite database.</summary>
public sealed class SqliteChatLogStoreTests : ChatLogStoreConformanceTests
{
    private readonly TempDirectory _directory = new("hubrealtime-chatlog");
    private SqliteDatabase? _database;

    protected override Task<IChatLogStore> OpenStoreAsync()
    {
        _database = new SqliteDatabase(_directory.Path);
        return Task.FromResult<IChatLogStore>(new SqliteChatLogStore(_database));
    }

    protected override async Task CloseStoreAsync()
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

/// <summary>The chat log conformance suite on Azure Table storage (Azurite), each test in a table of its own.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureTableChatLogStoreTests(AzuriteFixture azurite) : ChatLogStoreConformanceTests
{
    // Alphanumeric and starting with a letter, as Azure requires; a fresh table also exercises lazy creation.
    private readonly string _tableName = $"ChatLog{Guid.NewGuid():N}";

    protected override Task<IChatLogStore> OpenStoreAsync() =>
        Task.FromResult<IChatLogStore>(new AzureTableChatLogStore(new TableServiceClient(azurite.ConnectionString), _tableName));

    protected override Task CloseStoreAsync() => Task.CompletedTask;
}
