using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace HubRealtime.Abstractions.Notes;

/// <summary>
/// The formatting attributes of one op: key -> canonical JSON text of a scalar (<c>true</c>, <c>2</c>,
/// <c>"bullet"</c>), or null for JSON null (which removes the attribute when composed onto a retain).
/// Immutable, keys sorted ordinally, value equality. The static functions are quill-delta 5.1.0's
/// AttributeMap functions; they return null where quill-delta returns undefined.
/// </summary>
[GenerateSerializer, Immutable, Alias("HubRealtime.Abstractions.Notes.AttributeMap")]
[JsonConverter(typeof(AttributeMapJsonConverter))]
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Quill's name for the type.")]
public sealed class AttributeMap : IReadOnlyCollection<KeyValuePair<string, string?>>, IEquatable<AttributeMap>
{
    public static AttributeMap Empty { get; } = new([], []);

    [Id(0)] private readonly string[] _keys;
    [Id(1)] private readonly string?[] _values;

    private AttributeMap(string[] keys, string?[] values)
    {
        _keys = keys;
        _values = values;
    }

    public int Count => _keys.Length;

    /// <summary>Builds a map; every value is one JSON scalar (or null) and is stored in canonical form.</summary>
    /// <exception cref="ArgumentException">A key is repeated or empty, or a value is not one JSON scalar.</exception>
    public static AttributeMap Of(params (string Key, string? Json)[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sorted = new SortedList<string, string?>(entries.Length, StringComparer.Ordinal);
        foreach (var (key, json) in entries)
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentException("An attribute key must be a non-empty string.", nameof(entries));
            }
            if (!sorted.TryAdd(key, json is null ? null : AttributeJson.CanonicalText(key, json)))
            {
                throw new ArgumentException($"Attribute '{key}' is given twice.", nameof(entries));
            }
        }
        return FromSorted(sorted);
    }

    /// <summary>For the JSON reader: values already canonical, keys unique.</summary>
    internal static AttributeMap FromSorted(SortedList<string, string?> sorted) =>
        sorted.Count == 0 ? Empty : new AttributeMap([.. sorted.Keys], [.. sorted.Values]);

    public bool TryGetValue(string key, out string? json)
    {
        var i = IndexOf(key);
        json = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>A map with <paramref name="key"/> set to <paramref name="json"/> (null: JSON null).</summary>
    public AttributeMap With(string key, string? json)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException("An attribute key must be a non-empty string.", nameof(key));
        }
        var canonical = json is null ? null : AttributeJson.CanonicalText(key, json);
        var i = IndexOf(key);
        if (i >= 0)
        {
            var values = (string?[])_values.Clone();
            values[i] = canonical;
            return new AttributeMap(_keys, values);
        }
        var at = ~i;
        return new AttributeMap([.. _keys[..at], key, .. _keys[at..]], [.. _values[..at], canonical, .. _values[at..]]);
    }

    public AttributeMap Without(string key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return this;
        }
        return Count == 1 ? Empty : new AttributeMap([.. _keys[..i], .. _keys[(i + 1)..]], [.. _values[..i], .. _values[(i + 1)..]]);
    }

    /// <summary>
    /// <paramref name="b"/> over <paramref name="a"/>: b's entries (without its nulls unless
    /// <paramref name="keepNull"/>) plus a's keys that b does not name; null when that is empty.
    /// </summary>
    public static AttributeMap? Compose(AttributeMap? a, AttributeMap? b, bool keepNull)
    {
        a ??= Empty;
        b ??= Empty;
        // Most ops carry no attributes on one side: share the other map instead of copying it.
        if (b.Count == 0)
        {
            return a.Count > 0 ? a : null;
        }
        if (a.Count == 0 && (keepNull || Array.IndexOf(b._values, null) < 0))
        {
            return b;
        }
        var result = new SortedList<string, string?>(a.Count + b.Count, StringComparer.Ordinal);
        for (var i = 0; i < b.Count; i++)
        {
            if (keepNull || b._values[i] is not null)
            {
                result.Add(b._keys[i], b._values[i]);
            }
        }
        for (var i = 0; i < a.Count; i++)
        {
            if (!b.ContainsKey(a._keys[i]))
            {
                result.Add(a._keys[i], a._values[i]);
            }
        }
        return result.Count > 0 ? FromSorted(result) : null;
    }

    /// <summary>The entries that change <paramref name="a"/> into <paramref name="b"/> (null for removed keys); null when none.</summary>
    public static AttributeMap? Diff(AttributeMap? a, AttributeMap? b)
    {
        a ??= Empty;
        b ??= Empty;
        var result = new SortedList<string, string?>(StringComparer.Ordinal);
        foreach (var map in (ReadOnlySpan<AttributeMap>)[a, b])
        {
            foreach (var key in map._keys)
            {
                var inA = a.TryGetValue(key, out var va);
                var inB = b.TryGetValue(key, out var vb);
                if (inA != inB || va != vb)
                {
                    result[key] = vb;
                }
            }
        }
        return result.Count > 0 ? FromSorted(result) : null;
    }

    /// <summary>The attributes that undo <paramref name="attr"/> applied over <paramref name="baseAttr"/> (never null, possibly empty).</summary>
    public static AttributeMap Invert(AttributeMap? attr, AttributeMap? baseAttr)
    {
        attr ??= Empty;
        baseAttr ??= Empty;
        var result = new SortedList<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < baseAttr.Count; i++)
        {
            if (attr.TryGetValue(baseAttr._keys[i], out var value) && value != baseAttr._values[i])
            {
                result.Add(baseAttr._keys[i], baseAttr._values[i]);
            }
        }
        for (var i = 0; i < attr.Count; i++)
        {
            if (!baseAttr.ContainsKey(attr._keys[i]))
            {
                result.Add(attr._keys[i], null);
            }
        }
        return FromSorted(result);
    }

    /// <summary>
    /// <paramref name="b"/> as it applies after <paramref name="a"/>: with <paramref name="priority"/> a's
    /// keys win and are dropped from b; null when nothing is left (or b is null).
    /// </summary>
    public static AttributeMap? Transform(AttributeMap? a, AttributeMap? b, bool priority)
    {
        if (a is null || b is null || !priority)
        {
            return a is null ? b : b is null ? null : b;
        }
        var result = new SortedList<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < b.Count; i++)
        {
            if (!a.ContainsKey(b._keys[i]))
            {
                result.Add(b._keys[i], b._values[i]);
            }
        }
        return result.Count > 0 ? FromSorted(result) : null;
    }

    private int IndexOf(string key) => Array.BinarySearch(_keys, key, StringComparer.Ordinal);

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            yield return new KeyValuePair<string, string?>(_keys[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(AttributeMap? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (_keys.AsSpan().SequenceEqual(other._keys) && _values.AsSpan().SequenceEqual(other._values)));

    public override bool Equals(object? obj) => obj is AttributeMap other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (var i = 0; i < _keys.Length; i++)
        {
            hash.Add(_keys[i], StringComparer.Ordinal);
            hash.Add(_values[i], StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    public override string ToString() =>
        "{" + string.Join(",", this.Select(e => AttributeJson.CanonicalString(e.Key) + ":" + (e.Value ?? "null"))) + "}";
}
