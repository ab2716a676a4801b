using Azure.Storage.Blobs;
using HubRealtime.Grains.Storage;
using HubRealtime.Grains.Storage.Azure;
using HubRealtime.Grains.Storage.Sqlite;
using HubRealtime.Testing;

namespace HubRealtime.Storage.Tests.NoteSnapshots;

/// <summary>The contract of <see cref="INoteSnapshotStore"/>, run against SQLite and Azure Blob storage (Azurite).</summary>
public abstract class NoteSnapshotStoreTests : IAsyncLifetime
{
    protected INoteSnapshotStore Store { get; private set; } = null!;

    protected abstract Task<INoteSnapshotStore> OpenAsync();

    protected abstract Task CloseAsync();

    public async Task InitializeAsync() => Store = await OpenAsync();

    public virtual Task DisposeAsync() => CloseAsync();

    private static string NewNote() => $"room-{Guid.NewGuid():N}"[..21] + ".main";

    [Fact]
    public async Task A_snapshot_reads_back_by_revision_after_a_reopen_and_others_are_absent()
    {
        var note = NewNote();
        await Store.WriteAsync(note, 100, "{\"ops\":[{\"insert\":\"نص 中文 🙂\\n\"}]}");
        await Store.WriteAsync(note, 200, "{\"ops\":[{\"insert\":\"later\\n\"}]}");
        await CloseAsync();
        Store = await OpenAsync();

        Assert.Equal("{\"ops\":[{\"insert\":\"نص 中文 🙂\\n\"}]}", await Store.ReadAsync(note, 100));
        Assert.Equal("{\"ops\":[{\"insert\":\"later\\n\"}]}", await Store.ReadAsync(note, 200));
        Assert.Null(await Store.ReadAsync(note, 300));
        Assert.Null(await Store.ReadAsync(NewNote(), 100));
    }

    [Fact]
    public async Task Writing_a_revision_again_keeps_the_first_snapshot()
    {
        var note = NewNote();
        await Store.WriteAsync(note, 100, "first");
        await Store.WriteAsync(note, 100, "second");

        Assert.Equal("first", await Store.ReadAsync(note, 100));
    }

    [Fact]
    public async Task A_megabyte_snapshot_is_stored_whole()
    {
        var note = NewNote();
        var body = "{\"ops\":[{\"insert\":\"" + new string('x', 1_000_000) + "\\n\"}]}";

        await Store.WriteAsync(note, 100, body);

        Assert.Equal(body, await Store.ReadAsync(note, 100));
    }
}

public sealed class SqliteNoteSnapshotStoreTests : NoteSnapshotStoreTests
{
    private readonly TempDirectory _directory = new("hubrealtime-snapshots");
    private SqliteDatabase? _database;

    protected override Task<INoteSnapshotStore> OpenAsync()
    {
        _database ??= new SqliteDatabase(_directory.Path);
        return Task.FromResult<INoteSnapshotStore>(new SqliteNoteSnapshotStore(_database));
    }

    protected override async Task CloseAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
            _database = null;
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobNoteSnapshotStoreTests(AzuriteFixture azurite) : NoteSnapshotStoreTests
{
    private readonly string _container = $"snapshots{Guid.NewGuid():N}"[..24];

    protected override Task<INoteSnapshotStore> OpenAsync() =>
        Task.FromResult<INoteSnapshotStore>(new AzureBlobNoteSnapshotStore(new BlobServiceClient(azurite.ConnectionString), _container));

    protected override Task CloseAsync() => Task.CompletedTask;
}
