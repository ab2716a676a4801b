using Microsoft.Data.Sqlite;

namespace HubRealtime.Testing;

/// <summary>
/// Changes the embedded database behind the product's back, as someone with the file would: drops the
/// append-only triggers, runs the statement, and puts the triggers back, in one transaction.
/// </summary>
public static class SqliteTamper
{
    public static int Execute(string databaseFile, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databaseFile,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=30000; BEGIN IMMEDIATE";
        command.ExecuteNonQuery();

        command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'";
        var triggers = new List<(string Name, string Sql)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                triggers.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var trigger in triggers)
        {
            command.CommandText = $"DROP TRIGGER \"{trigger.Name}\"";
            command.ExecuteNonQuery();
        }

        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var changed = command.ExecuteNonQuery();
        command.Parameters.Clear();

        foreach (var trigger in triggers)
        {
            command.CommandText = trigger.Sql;
            command.ExecuteNonQuery();
        }
        command.CommandText = "COMMIT";
        command.ExecuteNonQuery();
        return changed;
    }
}
