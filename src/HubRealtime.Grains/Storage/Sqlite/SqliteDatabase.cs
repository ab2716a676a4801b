using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace HubRealtime.Grains.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode under the data directory. Reads use pooled
/// connections and run concurrently; every write goes through one writer thread that commits all
/// writes queued meanwhile in a single transaction (group commit), so the cost of each fsync is
/// shared by everything that arrived while the previous one ran. Each write runs in its own
/// savepoint: one failing write never undoes the others in its group.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    public const string FileName = "hubrealtime.db";
    private const int MaxWritesPerCommit = 512;

    private readonly string _connectionString;
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public SqliteDatabase(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        FilePath = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        var writerConnection = Open();
        SqliteSchema.Apply(writerConnection);
        // A dedicated thread: Microsoft.Data.Sqlite is synchronous underneath, and the writer must
        // never wait behind thread-pool work.
        _writer = Task.Factory.StartNew(
            () => WriteLoop(writerConnection), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public string FilePath { get; }

    /// <summary>A new open connection for reads; dispose it after use (it returns to the pool).</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // FULL: a commit is on disk before it is acknowledged (NORMAL would lose the last commits on power loss).
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Queues a write and completes once it is committed durably. The action runs on the writer
    /// thread inside a transaction; throwing rolls back this write only and fails the returned task.
    /// Cancellation is honoured only while the write still waits in the queue: then it is never run
    /// and the task is cancelled, so a cancelled write is never stored. Once the writer took it, the
    /// task reports its real outcome (a local commit, which the caller waits for).
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, T> write, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(write);
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(pending), this);
        pending.CancelWith(cancellationToken);
        return pending.Completion.Task;
    }

    private void WriteLoop(SqliteConnection connection)
    {
        using (connection)
        {
            var batch = new List<PendingWrite>(MaxWritesPerCommit);
            while (_writes.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                batch.Clear();
                while (batch.Count < MaxWritesPerCommit && _writes.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }
                CommitGroup(connection, batch);
            }
        }
    }

    private static void CommitGroup(SqliteConnection connection, List<PendingWrite> batch)
    {
        // Raw BEGIN/COMMIT rather than SqliteTransaction, so that write callbacks can create plain
        // commands without threading a transaction object through.
        using var control = connection.CreateCommand();
        try
        {
            Execute(control, "BEGIN IMMEDIATE");
            foreach (var write in batch)
            {
                if (!write.TryStart())
                {
                    // Cancelled while queued: its caller was told it failed, so it must never run.
                    continue;
                }
                Execute(control, "SAVEPOINT w");
                try
                {
                    write.Run(connection);
                    Execute(control, "RELEASE w");
                }
                catch (Exception error)
                {
                    Execute(control, "ROLLBACK TO w; RELEASE w");
                    write.Failed(error);
                }
            }
            Execute(control, "COMMIT");
        }
        catch (Exception error)
        {
            // The commit itself failed (disk full, I/O error): nothing of the group is stored.
            try
            {
                Execute(control, "ROLLBACK");
            }
            catch (SqliteException)
            {
                // No transaction was left open.
            }
            foreach (var write in batch)
            {
                write.Failed(error);
            }
            return;
        }
        foreach (var write in batch)
        {
            write.Committed();
        }
    }

    private static void Execute(SqliteCommand command, string sql)
    {
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
    }

    private abstract class PendingWrite
    {
        private const int Queued = 0, Started = 1, Cancelled = 2;
        private int _state;

        /// <summary>The writer claims the write; false if its caller cancelled it first.</summary>
        public bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Queued) == Queued;

        /// <summary>The caller withdraws the write; false if the writer already took it.</summary>
        protected bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued;

        public abstract void Run(SqliteConnection connection);
        public abstract void Failed(Exception error);
        public abstract void Committed();
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, T> write) : PendingWrite
    {
        private T? _result;
        private bool _failed;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void CancelWith(CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled)
            {
                return;
            }
            var registration = cancellationToken.Register(() =>
            {
                if (TryCancel())
                {
                    Completion.TrySetCanceled(cancellationToken);
                }
            });
            Completion.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        public override void Run(SqliteConnection connection) => _result = write(connection);

        public override void Failed(Exception error)
        {
            _failed = true;
            Completion.TrySetException(error);
        }

        public override void Committed()
        {
            if (!_failed)
            {
                Completion.TrySetResult(_result!);
            }
        }
    }
}
