namespace HubRealtime.Grains.Common;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; if the write fails, reloads what storage really holds before rethrowing, so a
    /// grain never keeps serving a change that was not saved.
    /// </summary>
    public static async Task WriteOrRevertAsync<T>(this IPersistentState<T> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }
}
