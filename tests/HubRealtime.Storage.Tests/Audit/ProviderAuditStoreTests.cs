using Azure;
using Azure.Data.Tables;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Storage.Azure;
using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Testing;
using Microsoft.Data.Sqlite;

namespace HubRealtime.Storage.Tests.Audit;

/// <summary>The audit store conformance suite on the embedded SQLite database.</summary>
public sealed class SqliteAuditStoreTests : AuditStoreConformanceTests
{
    private readonly TempDirectory _directory = new("hubrealtime-audit");
    private SqliteDatabase? _database;

    private string DatabaseFile => Path.Combine(_directory.Path, SqliteDatabase.FileName);

    protected override Task<IAuditStore> OpenStoreAsync()
    {
        _database = new SqliteDatabase(_directory.Path);
        return Task.FromResult<IAuditStore>(new SqliteAuditStore(_database));
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

    protected override Task AlterStoredDetailsAsync(string scope, long seq, string details)
    {
        var changed = SqliteTamper.Execute(DatabaseFile,
            "UPDATE audit_entry SET details = $details WHERE scope = $scope AND seq = $seq",
            ("$details", details), ("$scope", scope), ("$seq", seq));
        Assert.Equal(1, changed);
        return Task.CompletedTask;
    }

    protected override Task DeleteStoredEntryAsync(string scope, long seq)
    {
        var changed = SqliteTamper.Execute(DatabaseFile,
            "DELETE FROM audit_entry WHERE scope = $scope AND seq = $seq", ("$scope", scope), ("$seq", seq));
        Assert.Equal(1, changed);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_schema_refuses_to_update_or_delete_an_entry()
    {
        var scope = NewScope();
        var entries = Chain(scope, 2);
        await Store.AppendAsync(scope, entries);

        using var connection = _database!.Open();
        foreach (var sql in new[]
        {
            "UPDATE audit_entry SET details = 'changed' WHERE scope = $scope AND seq = 1",
            "DELETE FROM audit_entry WHERE scope = $scope AND seq = 2",
            "DELETE FROM audit_entry",
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$scope", scope);
            var error = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(entries, await Store.ReadAfterAsync(scope, 0, 10));
    }
}

/// <summary>The audit store conformance suite on Azure Table storage (Azurite), each test in a table of its own.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureTableAuditStoreTests(AzuriteFixture azurite) : AuditStoreConformanceTests
{
    // Alphanumeric and starting with a letter, as Azure requires; a fresh table also exercises lazy creation.
    private readonly string _tableName = $"AuditLog{Guid.NewGuid():N}";

    private TableClient RawTable => new TableServiceClient(azurite.ConnectionString).GetTableClient(_tableName);

    protected override Task<IAuditStore> OpenStoreAsync() =>
        Task.FromResult<IAuditStore>(new AzureTableAuditStore(new TableServiceClient(azurite.ConnectionString), _tableName));

    protected override Task CloseStoreAsync() => Task.CompletedTask;

    protected override async Task AlterStoredDetailsAsync(string scope, long seq, string details)
    {
        // A raw table update, bypassing the store: what someone holding the account key could do.
        var row = (await RawTable.GetEntityAsync<TableEntity>(scope, AzureTableAuditStore.EntryRowKey(seq))).Value;
        row["Details"] = details;
        await RawTable.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);
    }

    protected override async Task DeleteStoredEntryAsync(string scope, long seq)
    {
        var response = await RawTable.DeleteEntityAsync(scope, AzureTableAuditStore.EntryRowKey(seq));
        Assert.Equal(204, response.Status);
    }
}
