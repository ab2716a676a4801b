using HubRealtime.Abstractions.Audit;
using Microsoft.Data.Sqlite;

namespace HubRealtime.Grains.Storage.Sqlite;

/// <summary>
/// The audit log on the embedded database: a row per entry in <c>audit_entry</c>, keyed by (scope, seq).
/// Plain INSERTs only (a taken sequence is a constraint error, never an overwrite); the schema's
/// triggers refuse UPDATE and DELETE. No method here deletes: see <see cref="IAuditStore"/> on retention.
/// </summary>
public sealed class SqliteAuditStore(SqliteDatabase database) : IAuditStore
{
    private const int SqliteConstraintError = 19;
    private const string Columns = "scope, seq, at_ticks, actor, action, target, details, previous_hash, hash";

    public Task<AuditHead?> GetHeadAsync(string scope, CancellationToken cancellationToken = default)
    {
        AuditStoreArguments.Scope(scope);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        // Served by the primary key: one B-tree descent, not a scan.
        command.CommandText = "SELECT seq, hash FROM audit_entry WHERE scope = $scope ORDER BY seq DESC LIMIT 1";
        command.Parameters.AddWithValue("$scope", scope);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? new AuditHead(reader.GetInt64(0), reader.GetString(1)) : null);
    }

    public async Task AppendAsync(string scope, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        AuditStoreArguments.Batch(scope, entries);
        try
        {
            await database.WriteAsync(connection => Insert(connection, entries), cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SqliteConstraintError)
        {
            throw new AuditLogConflictException($"Audit scope '{scope}': a sequence in the batch is already stored.", error);
        }
    }

    private static int Insert(SqliteConnection connection, IReadOnlyList<AuditEntry> entries)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO audit_entry ({Columns})
            VALUES ($scope, $seq, $at, $actor, $action, $target, $details, $previous, $hash)
            """;
        var scope = command.Parameters.Add("$scope", SqliteType.Text);
        var seq = command.Parameters.Add("$seq", SqliteType.Integer);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        var actor = command.Parameters.Add("$actor", SqliteType.Text);
        var action = command.Parameters.Add("$action", SqliteType.Text);
        var target = command.Parameters.Add("$target", SqliteType.Text);
        var details = command.Parameters.Add("$details", SqliteType.Text);
        var previous = command.Parameters.Add("$previous", SqliteType.Text);
        var hash = command.Parameters.Add("$hash", SqliteType.Text);
        command.Prepare();
        foreach (var entry in entries)
        {
            scope.Value = entry.Scope;
            seq.Value = entry.Seq;
            at.Value = entry.At.UtcTicks;
            actor.Value = entry.Actor;
            action.Value = entry.Action;
            target.Value = entry.Target;
            details.Value = entry.Details;
            previous.Value = entry.PreviousHash;
            hash.Value = entry.Hash;
            command.ExecuteNonQuery();
        }
        return entries.Count;
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAfterAsync(string scope, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        AuditStoreArguments.Scope(scope);
        AuditStoreArguments.Limit(limit);
        var result = new List<AuditEntry>();
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns}
            FROM audit_entry
            WHERE scope = $scope AND seq > $after
            ORDER BY seq
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$after", afterSeq);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new AuditEntry(
                Scope: reader.GetString(0),
                Seq: reader.GetInt64(1),
                At: AuditStoreArguments.FromTicks(reader.GetInt64(2)),
                Actor: reader.GetString(3),
                Action: reader.GetString(4),
                Target: reader.GetString(5),
                Details: reader.GetString(6),
                PreviousHash: reader.GetString(7),
                Hash: reader.GetString(8)));
        }
        return Task.FromResult<IReadOnlyList<AuditEntry>>(result);
    }
}
