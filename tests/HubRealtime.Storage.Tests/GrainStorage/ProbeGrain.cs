using HubRealtime.Grains.Storage;

namespace HubRealtime.Storage.Tests.GrainStorage;

[GenerateSerializer, Alias("HubRealtime.Storage.Tests.GrainStorage.ProbeState")]
public sealed class ProbeState
{
    [Id(0)]
    public string Text { get; set; } = string.Empty;

    [Id(1)]
    public List<int> Numbers { get; set; } = [];

    [Id(2)]
    public int Version { get; set; }
}

[Alias("HubRealtime.Storage.Tests.GrainStorage.IProbeGrain")]
public interface IProbeGrain : IGrainWithStringKey
{
    [Alias("SetAsync")]
    Task SetAsync(ProbeState value);

    [Alias("GetAsync")]
    Task<ProbeState> GetAsync();

    [Alias("RecordExistsAsync")]
    Task<bool> RecordExistsAsync();

    [Alias("ClearAsync")]
    Task ClearAsync();
}

/// <summary>A grain whose only job is to persist its state through the "hub" provider.</summary>
public sealed class ProbeGrain(
    [PersistentState(ProbeGrain.StateName, StorageNames.Grains)] IPersistentState<ProbeState> state) : Grain, IProbeGrain
{
    public const string StateName = "probe";

    public Task SetAsync(ProbeState value)
    {
        state.State = value;
        return state.WriteStateAsync();
    }

    public Task<ProbeState> GetAsync() => Task.FromResult(state.State);

    public Task<bool> RecordExistsAsync() => Task.FromResult(state.RecordExists);

    public Task ClearAsync() => state.ClearStateAsync();
}
