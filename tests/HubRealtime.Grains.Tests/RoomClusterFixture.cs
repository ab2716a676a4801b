using HubRealtime.Grains;
using HubRealtime.Grains.Storage;
using HubRealtime.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace HubRealtime.Grains.Tests;

/// <summary>
/// One two-silo cluster shared by every test of the "room-cluster" collection, on the embedded store
/// and a fake clock. Tests use their own room ids, so they don't see each other's data.
/// </summary>
public sealed class RoomClusterFixture : IAsyncLifetime
{
    /// <summary>Shared by both silos (they run in this process), advanced only by tests.</summary>
    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    private readonly TempDirectory _data = new("hubrealtime-grains");

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>Where the silos keep hubrealtime.db (tests that inspect raw storage read it).</summary>
    public string DataDirectory => _data.Path;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.Properties["DataDirectory"] = _data.Path;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        _data.Dispose();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.AddHubRealtimeGrains();
            // Both silos open the same SQLite file; SQLite's file locking keeps them consistent.
            // (Production runs the embedded store on one silo only.)
            silo.AddEmbeddedStorage(silo.Configuration["DataDirectory"]!);
            silo.Services.AddSingleton(Accounts.TestDataProtection.For(silo.Configuration["DataDirectory"]!));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RoomClusterCollection : ICollectionFixture<RoomClusterFixture>
{
    public const string Name = "room-cluster";
}
