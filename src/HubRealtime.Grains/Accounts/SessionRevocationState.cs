namespace HubRealtime.Grains.Accounts;

/// <summary>
/// The recent revocations, numbered, so a silo that lost its subscription catches up. Bounded by
/// <see cref="SessionRevocationGrain.Retention"/> and <see cref="SessionRevocationGrain.MaxRetainedUsers"/>.
/// </summary>
[GenerateSerializer, Alias("HubRealtime.Grains.Accounts.SessionRevocationState")]
public sealed class SessionRevocationState
{
    /// <summary>The newest revocation's number (0: none yet). Never reused, so acknowledgements stay valid.</summary>
    [Id(0)] public long Sequence { get; set; }

    /// <summary>The highest number dropped by expiry or the bound: a silo behind it re-checks everything.</summary>
    [Id(1)] public long TrimmedThrough { get; set; }

    /// <summary>Oldest first.</summary>
    [Id(2)] public List<RevocationEntry> Entries { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("HubRealtime.Grains.Accounts.RevocationEntry")]
public sealed record RevocationEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] IReadOnlyList<string> UserIds);
