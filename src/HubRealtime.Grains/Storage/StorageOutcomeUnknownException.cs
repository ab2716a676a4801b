namespace HubRealtime.Grains.Storage;

/// <summary>
/// A write was handed to the storage service and its deadline passed before an answer came (a request
/// sent to Azure Tables, say): it may or may not be applied, now or later. Cancelling a write that was
/// never handed over throws <see cref="OperationCanceledException"/> instead, and then nothing is stored.
/// </summary>
public sealed class StorageOutcomeUnknownException(string message, Exception? inner = null) : Exception(message, inner);
