using HubRealtime.Testing;
using HubRealtime.Testing.Server;

namespace HubRealtime.Server.Tests;

/// <summary>One real server on the embedded store, shared by the hub tests of the "embedded-server" collection.</summary>
public sealed class EmbeddedServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new("hubrealtime-hub");

    public HubRealtimeServer Server { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Server = HubRealtimeServer.StartEmbedded(_data.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedServerCollection : ICollectionFixture<EmbeddedServerFixture>
{
    public const string Name = "embedded-server";
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
