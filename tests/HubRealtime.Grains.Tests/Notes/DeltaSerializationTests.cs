using HubRealtime.Abstractions.Notes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace HubRealtime.Grains.Tests.Notes;

/// <summary>Deltas cross grain boundaries: Orleans' serializer must carry them unchanged.</summary>
public sealed class DeltaSerializationTests
{
    [Fact]
    public void A_delta_round_trips_through_the_orleans_serializer()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var delta = new DeltaBuilder().Insert("héllo 😀", AttributeMap.Of(("bold", "true"), ("color", null)))
            .Retain(2, AttributeMap.Empty).Delete(3).Retain(1).Build();

        var copy = serializer.Deserialize<Delta>(serializer.SerializeToArray(delta));

        Assert.Equal(delta, copy);
        Assert.Equal(Delta.Empty, serializer.Deserialize<Delta>(serializer.SerializeToArray(Delta.Empty)));
    }
}
