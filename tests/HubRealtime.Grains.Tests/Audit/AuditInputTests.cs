using HubRealtime.Abstractions.Audit;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Grains.Audit;

namespace HubRealtime.Grains.Tests.Audit;

/// <summary>
/// Input rules checked directly: a grain on the same silo passes the (immutable) event by reference, so text
/// the serializer would have repaired, like an unpaired surrogate, can reach the audit grain unchanged.
/// </summary>
public sealed class AuditInputTests
{
    [Fact]
    public void Unpaired_surrogates_are_refused_in_every_field()
    {
        // Built in code: attribute arguments are stored as UTF-8, which would already have replaced them.
        string[] texts = ["half an emoji \ud83d", "\udc4b reversed", "\ud83d\ud83d", "end \ud83d x"];
        foreach (var text in texts)
        {
            Assert.Contains(text, char.IsSurrogate);
            AuditEvent[] events =
            [
                new(text, "sign-in", "t", ""),
                new("a", "sign-in", text, ""),
                new("a", "sign-in", "t", text),
            ];
            foreach (var auditEvent in events)
            {
                Assert.Equal(ErrorCodes.InvalidArgument, Assert.Throws<HubRealtimeException>(() => AuditInput.Event(auditEvent)).Code);
            }
        }
    }

    [Fact]
    public void Valid_events_come_back_unchanged_and_missing_details_read_as_empty()
    {
        var auditEvent = new AuditEvent(" ann@agency.example", "recovery-code-used", "👩‍💻 Zoë", "  spaced  ");

        Assert.Same(auditEvent.Actor, AuditInput.Event(auditEvent).Actor);
        Assert.Equal(auditEvent, AuditInput.Event(auditEvent));
        Assert.Equal("", AuditInput.Event(auditEvent with { Details = null! }).Details);
    }

    [Theory]
    [InlineData("hub", null)]
    [InlineData("agency:police-nl", "police-nl")]
    [InlineData("group:g-1", null)]
    [InlineData("meeting:m1", null)]
    public void Scopes_are_hub_or_a_kind_and_a_slug(string scope, string? agencyId)
    {
        Assert.Equal(agencyId, AuditInput.Scope(scope));
    }
}
