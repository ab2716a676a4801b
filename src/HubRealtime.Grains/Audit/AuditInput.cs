using System.Text.RegularExpressions;
using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Rooms;

namespace HubRealtime.Grains.Audit;

/// <summary>What an audit event and an audit scope may hold; checked in the grain before anything is queued.</summary>
internal static partial class AuditInput
{
    public const int MaxActorLength = 256;
    public const int MaxActionLength = 64;
    public const int MaxTargetLength = 512;
    public const int MaxDetailsLength = 2000;

    /// <summary>Entries a <see cref="AuditLogGrain.Read"/> page returns at most.</summary>
    public const int MaxPageSize = 200;

    [GeneratedRegex("^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ActionPattern();

    /// <summary>
    /// The event, unchanged, when every field is acceptable: actor, action and target not blank; each field
    /// within its length; no control character (line breaks included) and no unpaired surrogate anywhere.
    /// A missing details field reads as empty. Fields are recorded as given, never trimmed or rewritten.
    /// </summary>
    public static AuditEvent Event(AuditEvent? auditEvent)
    {
        if (auditEvent is null)
        {
            throw HubRealtimeException.Invalid("An audit event is required.");
        }
        var actor = Field(auditEvent.Actor, "actor", MaxActorLength, required: true);
        var action = Field(auditEvent.Action, "action", MaxActionLength, required: true);
        if (!ActionPattern().IsMatch(action))
        {
            throw HubRealtimeException.Invalid("The audit action is lower-case letters and digits in hyphenated words, like \"sign-in\".");
        }
        var target = Field(auditEvent.Target, "target", MaxTargetLength, required: true);
        var details = Field(auditEvent.Details, "details", MaxDetailsLength, required: false);
        return new AuditEvent(actor, action, target, details);
    }

    private static string Field(string? value, string name, int maxLength, bool required)
    {
        value ??= "";
        if (required && string.IsNullOrWhiteSpace(value))
        {
            throw HubRealtimeException.Invalid($"The audit {name} is required.");
        }
        if (value.Length > maxLength)
        {
            throw HubRealtimeException.Invalid($"The audit {name} is at most {maxLength} characters.");
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
            {
                throw HubRealtimeException.Invalid($"The audit {name} must not contain control characters or line breaks.");
            }
            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    throw HubRealtimeException.Invalid($"The audit {name} is not valid Unicode text.");
                }
                i++;
            }
        }
        return value;
    }

    /// <summary>
    /// Checks an audit grain key: <c>hub</c>, or <c>agency:</c>, <c>group:</c> or <c>meeting:</c> followed by a
    /// slug id (lower-case letters, digits, inner hyphens). Returns the agency id for an agency scope, else null.
    /// </summary>
    public static string? Scope(string scope)
    {
        if (scope == AuditScope.Hub)
        {
            return null;
        }
        var colon = scope.IndexOf(':', StringComparison.Ordinal);
        var kind = colon > 0 ? scope[..colon] : "";
        var id = colon > 0 ? scope[(colon + 1)..] : "";
        if (kind is "agency" or "group" or "meeting" && RoomId.IsValid(id))
        {
            return kind == "agency" ? id : null;
        }
        throw HubRealtimeException.Invalid(
            "An audit scope is \"hub\", \"agency:<id>\", \"group:<id>\" or \"meeting:<id>\".");
    }
}
