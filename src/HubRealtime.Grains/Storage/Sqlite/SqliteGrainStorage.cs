using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;

namespace HubRealtime.Grains.Storage.Sqlite;

/// <summary>
/// Orleans grain storage on the embedded database. The ETag is a row version: a write or clear whose
/// ETag is not the stored one fails with <see cref="InconsistentStateException"/>, as the Azure
/// providers do, so a stale activation can never overwrite a newer state.
/// </summary>
public sealed class SqliteGrainStorage(string providerName, SqliteDatabase database, IGrainStorageSerializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, data FROM grain_state WHERE provider = $p AND state_name = $s AND grain_id = $g";
        AddKey(command, stateName, grainId);
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            var data = (byte[])reader.GetValue(1);
            grainState.State = serializer.Deserialize<T>(new BinaryData(data)) ?? Activator.CreateInstance<T>();
            grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = serializer.Serialize(grainState.State).ToArray();
        var expected = grainState.ETag;
        var written = await database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            AddKey(command, stateName, grainId);
            command.Parameters.AddWithValue("$data", data);
            if (expected is null)
            {
                command.CommandText = """
                    INSERT INTO grain_state (provider, state_name, grain_id, version, data) VALUES ($p, $s, $g, 1, $data)
                    ON CONFLICT DO NOTHING
                    """;
                return command.ExecuteNonQuery() == 1 ? 1L : (long?)null;
            }
            command.CommandText = """
                UPDATE grain_state SET version = version + 1, data = $data
                WHERE provider = $p AND state_name = $s AND grain_id = $g AND version = $v
                RETURNING version
                """;
            command.Parameters.AddWithValue("$v", ParseETag(expected));
            return command.ExecuteScalar() is long version ? version : (long?)null;
        }).ConfigureAwait(false);

        if (written is null)
        {
            throw Conflict(stateName, grainId, expected, "write");
        }
        grainState.ETag = written.Value.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var expected = grainState.ETag;
        var cleared = await database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            AddKey(command, stateName, grainId);
            if (expected is null)
            {
                // Clearing what was never written is a no-op, unless someone else wrote it meanwhile.
                command.CommandText = "SELECT COUNT(*) FROM grain_state WHERE provider = $p AND state_name = $s AND grain_id = $g";
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0;
            }
            command.CommandText = "DELETE FROM grain_state WHERE provider = $p AND state_name = $s AND grain_id = $g AND version = $v";
            command.Parameters.AddWithValue("$v", ParseETag(expected));
            return command.ExecuteNonQuery() == 1;
        }).ConfigureAwait(false);

        if (!cleared)
        {
            throw Conflict(stateName, grainId, expected, "clear");
        }
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$p", providerName);
        command.Parameters.AddWithValue("$s", stateName);
        command.Parameters.AddWithValue("$g", grainId.ToString());
    }

    private static long ParseETag(string etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InconsistentStateException($"'{etag}' is not an ETag of this provider.", etag, (string?)null);

    private InconsistentStateException Conflict(string stateName, GrainId grainId, string? expected, string operation) =>
        new($"Grain storage '{providerName}': {operation} of state '{stateName}' of {grainId} with ETag '{expected ?? "(none)"}' " +
            "conflicts with a newer stored version.", expected, (string?)null);
}
