namespace HubRealtime.Grains.Storage.Sqlite;

/// <summary>Note snapshots as rows of the embedded database, keyed by (note, revision).</summary>
public sealed class SqliteNoteSnapshotStore(SqliteDatabase database) : INoteSnapshotStore
{
    public Task<string?> ReadAsync(string noteId, long rev, CancellationToken cancellationToken = default)
    {
        StreamKeys.Validate(noteId);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM note_snapshot WHERE note_id = $note AND rev = $rev";
        command.Parameters.AddWithValue("$note", noteId);
        command.Parameters.AddWithValue("$rev", rev);
        return Task.FromResult(command.ExecuteScalar() as string);
    }

    public Task WriteAsync(string noteId, long rev, string body, CancellationToken cancellationToken = default)
    {
        StreamKeys.Validate(noteId);
        ArgumentNullException.ThrowIfNull(body);
        return database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO note_snapshot (note_id, rev, body) VALUES ($note, $rev, $body) ON CONFLICT DO NOTHING";
            command.Parameters.AddWithValue("$note", noteId);
            command.Parameters.AddWithValue("$rev", rev);
            command.Parameters.AddWithValue("$body", body);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }
}
