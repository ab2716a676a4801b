using Azure;

namespace HubRealtime.Grains.Storage.Azure;

/// <summary>What a failed Azure Table transaction means for the data.</summary>
internal static class AzureWrites
{
    /// <summary>
    /// Only an answer of the service (an HTTP status) says an entity-group transaction was not applied.
    /// A cancelled or timed-out request, or a broken connection, may have reached it and still apply.
    /// </summary>
    public static bool Unanswered(Exception error) => error is not RequestFailedException { Status: > 0 };

    public static StorageOutcomeUnknownException Unknown(string what, Exception error) =>
        new($"{what}: the transaction was sent but not answered; it may or may not be stored.", error);
}
