using HubRealtime.Grains.Common;
using HubRealtime.Abstractions.Agencies;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Identity;
using HubRealtime.Grains.Security;
using HubRealtime.Grains.Storage;

namespace HubRealtime.Grains.Agencies;

/// <summary>The hub's list of agencies (key 0), kept by the agency grains; hub admins read it.</summary>
public sealed class AgencyDirectoryGrain(
    [PersistentState("agencies", StorageNames.Grains)] IPersistentState<AgencyDirectoryState> state) : Grain, IAgencyDirectoryGrain
{
    /// <summary>Bounds the one state record that holds the list.</summary>
    internal const int MaxAgencies = 2000;

    public async Task<IReadOnlyList<AgencyInfo>> List(Caller caller)
    {
        await CallerAuthority.RequireHubAdminAsync(GrainFactory, caller);
        RequireSingleton();
        return [.. state.State.Agencies.Values.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.AgencyId, StringComparer.Ordinal)];
    }

    public async Task Upsert(Caller caller, AgencyInfo agency)
    {
        CallerAuthority.RequireSystem(caller);
        RequireSingleton();
        ArgumentNullException.ThrowIfNull(agency);
        var id = AgencyId.Validate(agency.AgencyId);
        if (!state.State.Agencies.ContainsKey(id) && state.State.Agencies.Count >= MaxAgencies)
        {
            throw HubRealtimeException.Invalid($"The hub holds at most {MaxAgencies} agencies.");
        }
        state.State.Agencies[id] = agency;
        await state.WriteOrRevertAsync();
    }

    private void RequireSingleton()
    {
        if (this.GetPrimaryKeyLong() != 0)
        {
            throw HubRealtimeException.Invalid("The agency directory is grain 0.");
        }
    }
}
