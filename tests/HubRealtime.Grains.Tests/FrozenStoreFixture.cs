using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace HubRealtime.Grains.Tests;

/// <summary>
/// One silo on the embedded store behind <see cref="HangingChatLogStore"/>, with a short storage attempt
/// bound (on the real clock), for tests of what callers hear while storage is frozen.
/// </summary>
public sealed class FrozenStoreFixture : IAsyncLifetime
{
    /// <summary>The bound of one storage attempt in this cluster.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(500);

    private readonly TempDirectory _data = new("hubrealtime-frozen");

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public HangingChatLogStore Store =>
        ((InProcessSiloHandle)Cluster.Primary!).ServiceProvider.GetRequiredService<HangingChatLogStore>();

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties["DataDirectory"] = _data.Path;
        builder.Properties["HubRealtime:Storage:AttemptTimeout"] = AttemptTimeout.ToString("c");
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        Store.Release();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        _data.Dispose();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddHubRealtimeGrains();
            silo.AddEmbeddedStorage(silo.Configuration["DataDirectory"]!);
            // Registered last, so the rooms get the switchable store.
            silo.Services.AddSingleton(services => new HangingChatLogStore(new SqliteChatLogStore(services.GetRequiredService<SqliteDatabase>())));
            silo.Services.AddSingleton<IChatLogStore>(services => services.GetRequiredService<HangingChatLogStore>());
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FrozenStoreCollection : ICollectionFixture<FrozenStoreFixture>
{
    public const string Name = "frozen-store";
}
