using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Grains.Storage;

namespace HubRealtime.Grains.Audit;

/// <summary>
/// The hash chain of an audit scope: a canonical encoding of an entry, its SHA-256, and the building of
/// new entries on a head. Pure: no clock, no storage.
/// </summary>
/// <remarks>
/// Encoding (version 1), every integer big-endian:
/// <c>field("HubRealtime.AuditEntry.v1") field(scope) int64(seq) int64(at as UTC ticks) field(actor)
/// field(action) field(target) field(details) field(previousHash)</c>, where <c>field(s)</c> is the
/// 4-byte length of s in strict UTF-8 followed by those bytes. Length prefixes make the encoding
/// injective: no two different entries encode alike, whatever characters their fields hold (plain
/// concatenation would let "ab"+"c" collide with "a"+"bc"). Strict UTF-8 refuses unpaired surrogates
/// rather than replacing them, which would make different strings encode alike.
/// </remarks>
public static class AuditChain
{
    /// <summary>The previous hash of entry 1.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The head of a scope without entries: entry 1 chains to it.</summary>
    public static AuditHead Genesis { get; } = new(0, GenesisHash);

    private const string Domain = "HubRealtime.AuditEntry.v1";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical bytes hashed for an entry. Throws <see cref="EncoderFallbackException"/> for an unpaired surrogate.</summary>
    public static byte[] Encode(
        string scope, long seq, long atUtcTicks, string actor, string action, string target, string details, string previousHash)
    {
        string[] before = [Domain, scope];
        string[] after = [actor, action, target, details, previousHash];
        var length = 16;
        foreach (var field in before.Concat(after))
        {
            ArgumentNullException.ThrowIfNull(field);
            length += 4 + StrictUtf8.GetByteCount(field);
        }

        var buffer = new byte[length];
        var position = 0;
        foreach (var field in before)
        {
            WriteField(buffer, ref position, field);
        }
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(position), seq);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(position + 8), atUtcTicks);
        position += 16;
        foreach (var field in after)
        {
            WriteField(buffer, ref position, field);
        }
        return buffer;
    }

    private static void WriteField(byte[] buffer, ref int position, string field)
    {
        var written = StrictUtf8.GetBytes(field, 0, field.Length, buffer, position + 4);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(position), written);
        position += 4 + written;
    }

    /// <summary>SHA-256 of the canonical encoding, lower-case hex (64 characters).</summary>
    public static string ComputeHash(
        string scope, long seq, DateTimeOffset at, string actor, string action, string target, string details, string previousHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encode(scope, seq, at.UtcTicks, actor, action, target, details, previousHash)));

    /// <summary>The hash the entry's content calls for (whatever its stored <see cref="AuditEntry.Hash"/> says).</summary>
    public static string ComputeHash(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ComputeHash(entry.Scope, entry.Seq, entry.At, entry.Actor, entry.Action, entry.Target, entry.Details, entry.PreviousHash);
    }

    /// <summary>The entry after <paramref name="previous"/>: next sequence, linked and hashed; the time is kept in UTC.</summary>
    public static AuditEntry Next(string scope, AuditHead previous, DateTimeOffset at, AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(auditEvent);
        var seq = previous.Seq + 1;
        var utc = at.ToUniversalTime();
        var hash = ComputeHash(scope, seq, utc, auditEvent.Actor, auditEvent.Action, auditEvent.Target, auditEvent.Details, previous.Hash);
        return new AuditEntry(scope, seq, utc, auditEvent.Actor, auditEvent.Action, auditEvent.Target, auditEvent.Details, previous.Hash, hash);
    }

    /// <summary>Entries for <paramref name="events"/>, in order, chained on <paramref name="head"/>, all at <paramref name="at"/>.</summary>
    public static AuditEntry[] Chain(string scope, AuditHead head, DateTimeOffset at, IReadOnlyList<AuditEvent> events)
    {
        var entries = new AuditEntry[events.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = Next(scope, head, at, events[i]);
            head = new AuditHead(entries[i].Seq, entries[i].Hash);
        }
        return entries;
    }
}

/// <summary>
/// Checks a scope's stored entries fed in ascending order (page by page), and stops at the first problem.
/// Each entry must: follow the previous one without a gap ("entry N is missing"); hash to its stored hash
/// ("entry N was altered"); carry the previous entry's hash ("entry N does not follow entry N-1", an
/// insertion or a removal before it); and, where the log recorded the hash of that sequence elsewhere
/// (the anchors: the head kept in the audit grain's state), match it ("entry N was replaced"). At the end,
/// the chain must reach the highest anchor ("entries after N were removed") and hold nothing beyond what the
/// log itself wrote ("entry N was added outside the audit log").
/// </summary>
public sealed class AuditChainVerifier
{
    private readonly string _scope;
    private readonly Dictionary<long, string> _anchors = [];
    private readonly long _requiredSeq;
    private readonly long _writtenBefore;
    private readonly List<long> _later = [];
    private long _expectedSeq = 1;
    private string _previousHash = AuditChain.GenesisHash;

    /// <param name="scope">The scope whose entries are fed.</param>
    /// <param name="anchors">Heads the log recorded apart from the entries; storage must hold each of them unchanged.</param>
    /// <param name="writtenBefore">
    /// The highest sequence the writer had handed to storage when verification started, or null when unknown.
    /// Stored entries above it are compared with <see cref="Finish"/>'s final value.
    /// </param>
    public AuditChainVerifier(string scope, IEnumerable<AuditHead> anchors, long? writtenBefore = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(anchors);
        _scope = scope;
        foreach (var anchor in anchors.Where(a => a.Seq > 0))
        {
            _anchors[anchor.Seq] = anchor.Hash;
            _requiredSeq = Math.Max(_requiredSeq, anchor.Seq);
        }
        _writtenBefore = writtenBefore ?? long.MaxValue;
    }

    public long EntriesChecked { get; private set; }

    /// <summary>The sequence of the last entry that passed, 0 before any.</summary>
    public long LastSeq => _expectedSeq - 1;

    /// <summary>The first problem found, or null.</summary>
    public AuditVerification? Failure { get; private set; }

    /// <summary>Checks the next stored entry; false once a problem is found (feed nothing more then).</summary>
    public bool Check(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Failure is not null)
        {
            return false;
        }
        var seq = entry.Seq;
        if (seq > _expectedSeq)
        {
            return Fail(_expectedSeq, seq == _expectedSeq + 1
                ? $"entry {_expectedSeq} is missing"
                : $"entries {_expectedSeq} to {seq - 1} are missing");
        }
        if (seq < _expectedSeq)
        {
            return Fail(seq, $"entry {seq} is out of order");
        }
        if (entry.Scope != _scope || !HashMatches(entry))
        {
            return Fail(seq, $"entry {seq} was altered");
        }
        if (!string.Equals(entry.PreviousHash, _previousHash, StringComparison.Ordinal))
        {
            return Fail(seq, seq == 1 ? "entry 1 does not start the chain" : $"entry {seq} does not follow entry {seq - 1}");
        }
        if (_anchors.TryGetValue(seq, out var anchored) && !string.Equals(anchored, entry.Hash, StringComparison.Ordinal))
        {
            return Fail(seq, $"entry {seq} was replaced");
        }
        if (seq > _writtenBefore)
        {
            _later.Add(seq);
        }
        EntriesChecked++;
        _previousHash = entry.Hash;
        _expectedSeq = seq + 1;
        return true;
    }

    /// <summary>
    /// The verdict once storage has no more entries. <paramref name="writtenAfter"/>: the highest sequence the
    /// writer had handed to storage when the reading ended (null: unknown); anything stored above it was not
    /// written by the log.
    /// </summary>
    public AuditVerification Finish(long? writtenAfter = null)
    {
        if (Failure is not null)
        {
            return Failure;
        }
        if (LastSeq < _requiredSeq)
        {
            Fail(LastSeq + 1, LastSeq == 0
                ? $"all entries were removed (the log recorded entry {_requiredSeq})"
                : $"entries after {LastSeq} were removed (the log recorded entry {_requiredSeq})");
            return Failure!;
        }
        if (writtenAfter is { } written && _later.FirstOrDefault(s => s > written) is var foreign and > 0)
        {
            Fail(foreign, $"entry {foreign} was added outside the audit log");
            return Failure!;
        }
        return new AuditVerification(_scope, Valid: true, EntriesChecked, FirstInvalidSeq: null, Problem: null);
    }

    private static bool HashMatches(AuditEntry entry)
    {
        try
        {
            return string.Equals(AuditChain.ComputeHash(entry), entry.Hash, StringComparison.Ordinal);
        }
        catch (EncoderFallbackException)
        {
            // An unpaired surrogate: the log never stores one, so the entry was changed in storage.
            return false;
        }
    }

    private bool Fail(long seq, string problem)
    {
        Failure = new AuditVerification(_scope, Valid: false, EntriesChecked, seq, problem);
        return false;
    }
}
