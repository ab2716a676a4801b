using HubRealtime.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace HubRealtime.Storage.Tests.GrainStorage;

/// <summary>
/// The grain storage provider registered as <see cref="StorageNames.Grains"/>, exercised through real
/// single-silo Orleans clusters. Written once, run against every provider. Each cluster gets its own
/// ports from the test cluster's port allocator; each test its own service id and grain keys.
/// </summary>
public abstract class GrainStorageConformanceTests : IAsyncLifetime
{
    private readonly List<InProcessTestCluster> _clusters = [];

    /// <summary>Registers the provider under test; every cluster of one test must see the same data.</summary>
    protected abstract void ConfigureStorage(ISiloBuilder silo);

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var cluster in _clusters.ToArray())
        {
            await StopClusterAsync(cluster);
        }
    }

    private async Task<InProcessTestCluster> StartClusterAsync(string serviceId)
    {
        var builder = new InProcessTestClusterBuilder(1);
        // The service id is part of the storage key of some providers: a restarted cluster must reuse it.
        builder.Options.ServiceId = serviceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => ConfigureStorage(silo));
        var cluster = builder.Build();
        _clusters.Add(cluster);
        await cluster.DeployAsync();
        return cluster;
    }

    private async Task StopClusterAsync(InProcessTestCluster cluster)
    {
        _clusters.Remove(cluster);
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }

    private static IGrainStorage Storage(InProcessTestCluster cluster) =>
        cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);

    private static string NewServiceId() => $"svc-{Guid.NewGuid():N}";

    private static GrainId NewGrainId() => GrainId.Create("probe", Guid.NewGuid().ToString("N"));

    private static ProbeState Sample(int version) => new()
    {
        Text = $"state version {version}: héllo 你好 👋",
        Numbers = [.. Enumerable.Range(version, 5)],
        Version = version,
    };

    private static void AssertSame(ProbeState expected, ProbeState? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Text, actual.Text, StringComparer.Ordinal);
        Assert.Equal(expected.Numbers, actual.Numbers);
    }

    [Fact]
    public async Task State_written_by_a_grain_survives_a_silo_restart()
    {
        var serviceId = NewServiceId();
        var key = Guid.NewGuid().ToString("N");
        var written = Sample(1);

        var first = await StartClusterAsync(serviceId);
        await first.Client.GetGrain<IProbeGrain>(key).SetAsync(written);
        await StopClusterAsync(first);

        var second = await StartClusterAsync(serviceId);
        var grain = second.Client.GetGrain<IProbeGrain>(key);
        Assert.True(await grain.RecordExistsAsync());
        AssertSame(written, await grain.GetAsync());

        // The reloaded ETag is current: the restarted grain can write again, and that write is what storage holds.
        var next = Sample(2);
        await grain.SetAsync(next);
        var read = new GrainState<ProbeState>();
        await Storage(second).ReadStateAsync(ProbeGrain.StateName, grain.GetGrainId(), read);
        Assert.True(read.RecordExists);
        AssertSame(next, read.State);
    }

    [Fact]
    public async Task Second_write_with_the_same_stale_etag_is_rejected()
    {
        var cluster = await StartClusterAsync(NewServiceId());
        var storage = Storage(cluster);
        var grainId = NewGrainId();

        var initial = new GrainState<ProbeState>(Sample(1));
        await storage.WriteStateAsync(ProbeGrain.StateName, grainId, initial);
        Assert.NotNull(initial.ETag);

        // Two activations both loaded the same version and both try to write it.
        var winner = new GrainState<ProbeState>(Sample(2)) { ETag = initial.ETag, RecordExists = true };
        var loser = new GrainState<ProbeState>(Sample(3)) { ETag = initial.ETag, RecordExists = true };
        await storage.WriteStateAsync(ProbeGrain.StateName, grainId, winner);
        Assert.NotEqual(initial.ETag, winner.ETag);
        await Assert.ThrowsAnyAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(ProbeGrain.StateName, grainId, loser));

        var read = new GrainState<ProbeState>();
        await storage.ReadStateAsync(ProbeGrain.StateName, grainId, read);
        AssertSame(Sample(2), read.State);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Fact]
    public async Task Second_first_write_without_etag_is_rejected()
    {
        var cluster = await StartClusterAsync(NewServiceId());
        var storage = Storage(cluster);
        var grainId = NewGrainId();

        // Two activations both found no record and both try to create it.
        await storage.WriteStateAsync(ProbeGrain.StateName, grainId, new GrainState<ProbeState>(Sample(1)));
        await Assert.ThrowsAnyAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(ProbeGrain.StateName, grainId, new GrainState<ProbeState>(Sample(2))));

        var read = new GrainState<ProbeState>();
        await storage.ReadStateAsync(ProbeGrain.StateName, grainId, read);
        AssertSame(Sample(1), read.State);
    }

    [Fact]
    public async Task Cleared_state_reads_as_absent_and_default()
    {
        var cluster = await StartClusterAsync(NewServiceId());
        var storage = Storage(cluster);
        var grainId = NewGrainId();
        var state = new GrainState<ProbeState>(Sample(1));
        await storage.WriteStateAsync(ProbeGrain.StateName, grainId, state);

        await storage.ClearStateAsync(ProbeGrain.StateName, grainId, state);

        Assert.False(state.RecordExists);
        var read = new GrainState<ProbeState>(Sample(99));
        await storage.ReadStateAsync(ProbeGrain.StateName, grainId, read);
        Assert.False(read.RecordExists);
        AssertSame(new ProbeState(), read.State);

        // After a clear the grain starts over: a write with the ETag the clear left behind succeeds.
        state.State = Sample(2);
        await storage.WriteStateAsync(ProbeGrain.StateName, grainId, state);
        await storage.ReadStateAsync(ProbeGrain.StateName, grainId, read);
        Assert.True(read.RecordExists);
        AssertSame(Sample(2), read.State);
    }

    [Fact]
    public async Task Grain_clear_then_reactivation_sees_default_state()
    {
        var cluster = await StartClusterAsync(NewServiceId());
        var grain = cluster.Client.GetGrain<IProbeGrain>(Guid.NewGuid().ToString("N"));
        await grain.SetAsync(Sample(1));

        await grain.ClearAsync();
        await cluster.DeactivateAsync(grain);

        Assert.False(await grain.RecordExistsAsync());
        AssertSame(new ProbeState(), await grain.GetAsync());
    }

    [Fact]
    public async Task Large_state_round_trips()
    {
        var cluster = await StartClusterAsync(NewServiceId());
        var grain = cluster.Client.GetGrain<IProbeGrain>(Guid.NewGuid().ToString("N"));
        var large = new ProbeState
        {
            Text = string.Create(300 * 1024, 0, static (span, _) =>
            {
                const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;";
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = alphabet[(int)((i * 7919L) % alphabet.Length)];
                }
            }),
            Numbers = [.. Enumerable.Range(0, 10_000).Select(i => (i * 104_729) - 5_000_000)],
            Version = 42,
        };

        await grain.SetAsync(large);
        await cluster.DeactivateAsync(grain);

        // Reactivated: the state comes back from storage, not from memory.
        AssertSame(large, await grain.GetAsync());
        var read = new GrainState<ProbeState>();
        await Storage(cluster).ReadStateAsync(ProbeGrain.StateName, grain.GetGrainId(), read);
        AssertSame(large, read.State);
    }
}
