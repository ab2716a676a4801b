using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace HubRealtime.Grains.Storage.Azure;

/// <summary>
/// Note snapshots as blobs named "{noteId}/{rev}" (a note may reach a megabyte: beyond a table entity).
/// A snapshot is written once (If-None-Match: *): a second write of the same revision changes nothing.
/// </summary>
public sealed class AzureBlobNoteSnapshotStore(BlobServiceClient service, string containerName = AzureBlobNoteSnapshotStore.DefaultContainer) : INoteSnapshotStore
{
    public const string DefaultContainer = "hubnotesnapshots";
    private readonly BlobContainerClient _container = service.GetBlobContainerClient(containerName);
    private volatile bool _created;

    public async Task<string?> ReadAsync(string noteId, long rev, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            var download = await Blob(noteId, rev).DownloadContentAsync(cancellationToken);
            return download.Value.Content.ToString();
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            return null;
        }
    }

    public async Task WriteAsync(string noteId, long rev, string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        await EnsureContainerAsync(cancellationToken);
        try
        {
            await Blob(noteId, rev).UploadAsync(BinaryData.FromString(body), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
        }
        catch (RequestFailedException error) when (error.Status is 409 or 412)
        {
            // Written before: the same revision's document, so nothing is lost.
        }
    }

    private BlobClient Blob(string noteId, long rev) =>
        _container.GetBlobClient($"{StreamKeys.Validate(noteId)}/{rev.ToString("D12", CultureInfo.InvariantCulture)}");

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _created = true;
        }
    }
}
