using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Storage.Azure;
using HubRealtime.Testing;

namespace HubRealtime.Storage.Tests.GrainStorage;

/// <summary>Grain storage conformance on the embedded SQLite database (a directory of its own per test).</summary>
public sealed class SqliteGrainStorageTests : GrainStorageConformanceTests
{
    private readonly TempDirectory _directory = new("hubrealtime-grains");

    protected override void ConfigureStorage(ISiloBuilder silo) => silo.AddEmbeddedStorage(_directory.Path);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>Grain storage conformance on Azure Table storage (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureGrainStorageTests(AzuriteFixture azurite) : GrainStorageConformanceTests
{
    protected override void ConfigureStorage(ISiloBuilder silo) => silo.AddAzureStorage(azurite.ConnectionString);
}
